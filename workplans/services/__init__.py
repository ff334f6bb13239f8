"""Every write to a work plan: `<entity>_<verb>(*, ..., actor)`. Each checks who
may act, validates, saves, records the audit event in the same transaction and
schedules side effects (documents, mail) after commit."""

from workplans.services.chain import (
    area_add,
    area_delete,
    area_move,
    area_update,
    result_add,
    result_delete,
    result_move,
    result_update,
    result_version,
)
from workplans.services.importing import (
    workplan_import,
    workplan_import_file,
    workplan_import_preview,
)
from workplans.services.indicators import (
    actual_delete,
    actual_record,
    indicator_add,
    indicator_delete,
    indicator_update,
)
from workplans.services.plans import (
    workplan_adopt,
    workplan_approve,
    workplan_approve_refusal,
    workplan_create,
    workplan_request_changes,
    workplan_submit,
    workplan_update,
)
from workplans.services.review import (
    comment_add,
    thread_open,
    thread_reopen,
    thread_resolve,
)

__all__ = [
    "actual_delete",
    "actual_record",
    "area_add",
    "area_delete",
    "area_move",
    "area_update",
    "comment_add",
    "indicator_add",
    "indicator_delete",
    "indicator_update",
    "result_add",
    "result_delete",
    "result_move",
    "result_update",
    "result_version",
    "thread_open",
    "thread_reopen",
    "thread_resolve",
    "workplan_adopt",
    "workplan_approve",
    "workplan_approve_refusal",
    "workplan_create",
    "workplan_import",
    "workplan_import_file",
    "workplan_import_preview",
    "workplan_request_changes",
    "workplan_submit",
    "workplan_update",
]
