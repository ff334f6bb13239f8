"""The core models every app shares. Split by subject; import them from here."""

from ism.models.core import (
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    OutgoingMail,
    Participation,
    Role,
    RoleAssignment,
    State,
    StateContact,
    User,
)
from ism.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditEvent",
    "Committee",
    "CommitteeChair",
    "CommitteeMembership",
    "Convention",
    "OutgoingMail",
    "Participation",
    "Role",
    "RoleAssignment",
    "State",
    "StateContact",
    "User",
]
