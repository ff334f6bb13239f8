"""Every write to meetings: keyword-only, checks access, validates, saves and audits
in one transaction. Pages, the admin, the demo and tasks all call these."""

from meetings.services.documents import (
    document_create,
    document_delete,
    document_file_delete,
    document_file_upload,
    document_update,
)
from meetings.services.meetings import (
    agenda_item_delete,
    agenda_item_save,
    meeting_create,
    meeting_set_status,
    meeting_update,
)
from meetings.services.participants import (
    delegation_register,
    participant_add,
    participant_remove,
    participant_update,
)
from meetings.services.sponsorship import (
    decision_version,
    programme_save,
    sponsorship_apply,
    sponsorship_decide,
)

__all__ = [
    "agenda_item_delete",
    "agenda_item_save",
    "decision_version",
    "delegation_register",
    "document_create",
    "document_delete",
    "document_file_delete",
    "document_file_upload",
    "document_update",
    "meeting_create",
    "meeting_set_status",
    "meeting_update",
    "participant_add",
    "participant_remove",
    "participant_update",
    "programme_save",
    "sponsorship_apply",
    "sponsorship_decide",
]
