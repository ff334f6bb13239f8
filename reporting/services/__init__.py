"""Every write of the reporting capability (see each module)."""

from reporting.services.attachments import (
    report_attachment_add,
    report_attachment_remove,
)
from reporting.services.forms import (
    clean_form_data,
    form_version,
    report_form_save,
    report_forms_carry_over,
    report_forms_save,
)
from reporting.services.isu_reports import isu_report_request
from reporting.services.reminders import ReminderRun, reminders_send
from reporting.services.reports import report_start
from reporting.services.submissions import (
    build_snapshot,
    report_correct,
    report_submit,
    report_version_publish,
)

__all__ = [
    "ReminderRun",
    "build_snapshot",
    "clean_form_data",
    "form_version",
    "isu_report_request",
    "reminders_send",
    "report_attachment_add",
    "report_attachment_remove",
    "report_correct",
    "report_form_save",
    "report_forms_carry_over",
    "report_forms_save",
    "report_start",
    "report_submit",
    "report_version_publish",
]
