"""The core models every app shares. Split by subject; import them from here."""

from ism.models.core import (
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Participation,
    Role,
    RoleAssignment,
    State,
    StateContact,
)
from ism.models.instruments import Instrument, InstrumentMembership
from ism.models.invitations import Invitation
from ism.models.records import (
    AuditEvent,
    OutgoingMail,
    OutgoingMailAttempt,
    TranslatedDocument,
)
from ism.models.tokens import ApiToken, CalendarFeed
from ism.models.users import User
from ism.models.vocabulary import ObligationKind

__all__ = [
    "ApiToken",
    "AuditEvent",
    "CalendarFeed",
    "Committee",
    "CommitteeChair",
    "CommitteeMembership",
    "Convention",
    "Instrument",
    "InstrumentMembership",
    "Invitation",
    "ObligationKind",
    "OutgoingMail",
    "OutgoingMailAttempt",
    "Participation",
    "Role",
    "RoleAssignment",
    "State",
    "StateContact",
    "TranslatedDocument",
    "User",
]
