"""The core every app shares: conventions, States, committees, roles. Users are
in ism.models.users; the audit trail and the mail outbox in ism.models.records."""

import datetime as dt
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
)
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ism.constraints import ordered, share, unique
from ism.fields import (
    convention_fk,
    illustrative_flag,
    language_field,
    optional_fk,
    part_of,
    state_fk,
)
from ism.models.bank import BankAccount
from ism.models.vocabulary import PartyNames, status_in_words

IATI_ORG_REF = RegexValidator(
    r"^[A-Z]{2}-[A-Z0-9]+-[A-Za-z0-9][A-Za-z0-9._-]*$",
    _(
        "Enter an IATI organisation identifier: the registration agency's code "
        "(e.g. XM-DAC, GB-CHC), a hyphen and the organisation's number in it."
    ),
)


def validate_iati_org_ref(value: str) -> None:
    IATI_ORG_REF(value)


class Convention(BankAccount, PartyNames, models.Model):
    class Financing(models.TextChoices):
        VOLUNTARY = "voluntary", _("Voluntary contributions")
        ASSESSED = "assessed", _("Assessed contributions (adjusted UN scale)")
        MIXED = "mixed", _("Assessed and voluntary contributions")

    code = models.CharField(_("code"), max_length=10, unique=True)
    short_name = models.CharField(_("short name"), max_length=80)
    name = models.CharField(_("full name"), max_length=300)
    currency = models.CharField(_("base currency"), max_length=3)
    host = models.CharField(_("host organisation"), max_length=200)
    financing_model = models.CharField(
        _("financing model"), max_length=20, choices=Financing.choices
    )
    # Adjusted UN scale: an optional minimum contribution (in the base currency) and
    # an optional maximum share of the total (0.22 = 22%).
    assessment_floor = models.DecimalField(
        _("minimum contribution"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        # A minimum cannot be below nothing (issue 15 §3: -5 was accepted).
        validators=[MinValueValidator(0)],
    )
    assessment_ceiling = models.DecimalField(
        _("maximum share"),
        max_digits=6,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00001")), MaxValueValidator(1)],
        help_text=_("A share of the total: 0.22 for 22%."),
    )
    action_plan_name = models.CharField(_("action plan"), max_length=200, blank=True)
    # The ISU's organisation identifier in IATI, the reporting organisation of its
    # work plans' IATI export (registration agency prefix, then the number it
    # gave, e.g. "XM-DAC-41301").
    iati_org_ref = models.CharField(
        _("IATI organisation identifier"),
        max_length=100,
        blank=True,
        validators=[validate_iati_org_ref],
        help_text=_(
            "The ISU's identifier in the IATI Organisation Registry, e.g. "
            "XM-DAC-41301: the reporting organisation of the work plans' IATI "
            "export. Empty: no IATI export."
        ),
    )
    action_plan_start = models.PositiveSmallIntegerField(null=True, blank=True)
    action_plan_end = models.PositiveSmallIntegerField(null=True, blank=True)
    # Reporting rules. APMBC Art. 7(1) and CCM Art. 7(1): the initial report within
    # 180 days of entry into force for the State; Art. 7(2): annually by 30 April
    # on the previous calendar year. CCW APII/Protocol V: 31 March.
    report_name = models.CharField(
        _("transparency report"), max_length=120, default="Article 7 report"
    )
    initial_report_days = models.PositiveSmallIntegerField(
        _("initial report due (days after entry into force)"), null=True, blank=True
    )
    annual_report_month = models.PositiveSmallIntegerField(
        _("annual report due month"),
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    annual_report_day = models.PositiveSmallIntegerField(
        _("annual report due day"),
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.CheckConstraint(
                condition=Q(annual_report_month__gte=1, annual_report_month__lte=12)
                & Q(annual_report_day__gte=1, annual_report_day__lte=31),
                name="convention_report_date_valid",
            ),
            share(
                "assessment_ceiling",
                name="convention_ceiling_is_a_share",
                optional=True,
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("convention-detail", args=[self.code])

    def annual_report_due(self, reporting_year: int) -> dt.date:
        """Due date of the annual report covering `reporting_year`."""
        return dt.date(
            reporting_year + 1, self.annual_report_month, self.annual_report_day
        )

    def initial_report_due(self, entry_into_force: dt.date) -> dt.date | None:
        if self.initial_report_days is None:
            return None
        return entry_into_force + dt.timedelta(days=self.initial_report_days)


# A convention's action plan and its Article 7 reporting deadlines: ISU staff set
# them on the convention's settings page (ism.services.CONVENTION_EDITABLE) and
# the API shows them (ism.api.ConventionSerializer), in this order.
PLAN_AND_REPORTING_FIELDS = [
    "action_plan_name",
    "action_plan_start",
    "action_plan_end",
    "initial_report_days",
    "annual_report_month",
    "annual_report_day",
]


class State(models.Model):
    """A UN member or observer State; codes and names come from pycountry."""

    class UNStatus(models.TextChoices):
        MEMBER = "member", _("UN member State")
        OBSERVER = "observer", _("UN observer State")

    iso2 = models.CharField(_("ISO 3166 alpha-2"), max_length=2, unique=True)
    iso3 = models.CharField(_("ISO 3166 alpha-3"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=120)
    official_name = models.CharField(_("official name"), max_length=200, blank=True)
    un_status = models.CharField(max_length=10, choices=UNStatus.choices)
    # The language the ISU writes to the State in (notes verbales, reminders).
    working_language = language_field(_("working language"), default="en")

    class Meta:
        ordering = ["name"]
        verbose_name = _("State")
        verbose_name_plural = _("States")

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """A State's standing in one convention."""

    class Status(models.TextChoices):
        PARTY = "party", _("Party")
        SIGNATORY = "signatory", _("Signatory")
        NOT_PARTY = "not_party", _("Not party")

    class ConsentKind(models.TextChoices):
        RATIFICATION = "ratification", _("Ratification")
        ACCESSION = "accession", _("Accession")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        SUCCESSION = "succession", _("Succession")

    state = state_fk(related_name="participations")
    convention = convention_fk(related_name="participations")
    status = models.CharField(max_length=12, choices=Status.choices)
    consent_kind = models.CharField(
        max_length=12, choices=ConsentKind.choices, blank=True
    )
    consent_date = models.DateField(
        _("ratification or accession"), null=True, blank=True
    )
    entry_into_force = models.DateField(_("entry into force"), null=True, blank=True)
    illustrative = illustrative_flag(
        _("Demo data that does not claim to be the real treaty status.")
    )

    class Meta:
        ordering = ["convention__code", "state__name"]
        constraints = [
            unique(["state", "convention"], name="participation_unique"),
            ordered(
                "consent_date",
                "entry_into_force",
                name="participation_eif_after_consent",
                optional=("entry_into_force", "consent_date"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.convention}: {self.get_status_display()}"

    def get_status_display(self) -> str:
        return status_in_words(self)


class Committee(models.Model):
    class Kind(models.TextChoices):
        COORDINATING = "coordinating", _("Coordinating Committee")
        THEMATIC = "thematic", _("Thematic committee")
        OTHER = "other", _("Other")

    convention = convention_fk(related_name="committees")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=15, choices=Kind.choices)

    class Meta:
        ordering = ["convention__code", "name"]
        constraints = [
            unique(["convention", "name"], name="committee_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.convention.code})"


class CommitteeMembership(models.Model):
    """A State's seat on a committee for a term (typically two years)."""

    committee = part_of(Committee, related_name="memberships")
    state = state_fk()
    term_start = models.DateField()
    term_end = models.DateField()
    gender_focal_point = models.BooleanField(default=False)

    class Meta:
        ordering = ["committee", "state__name"]
        constraints = [
            ordered("term_start", "term_end", name="membership_term_ordered"),
            unique(["committee", "state", "term_start"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state} on {self.committee} ({self.term_start}–{self.term_end})"


class CommitteeChair(models.Model):
    """Who chairs a committee from when; the chair can change within a year."""

    committee = part_of(Committee, related_name="chairs")
    state = state_fk()
    start = models.DateField()
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["committee", "start"]
        constraints = [
            ordered("start", "end", name="chair_period_ordered", optional=("end",)),
        ]

    def __str__(self) -> str:
        return f"{self.state} chairs {self.committee} from {self.start}"


class Role(models.TextChoices):
    ISU_STAFF = "isu_staff", _("ISU staff")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    FOCAL_POINT = "focal_point", _("State focal point")
    AUDITOR = "auditor", _("Read-only auditor")


# The scope each role is for, by the links an assignment of it names: set
# (True) or empty (False). A link a role does not list may be either: an auditor
# audits one convention, or all of them. ism.people.role_scope fills them in.
ROLE_SCOPE_FIELDS = ("convention", "committee", "state")
ROLE_SCOPES: dict[str, dict[str, bool]] = {
    Role.ISU_STAFF: {"convention": True, "committee": False, "state": False},
    Role.COMMITTEE_MEMBER: {"committee": True, "convention": False, "state": False},
    Role.FOCAL_POINT: {"state": True, "convention": True, "committee": False},
    Role.AUDITOR: {"committee": False, "state": False},
}


def role_scope_q(roles, fields=ROLE_SCOPE_FIELDS) -> Q:
    """Each of `roles` names exactly its scope (ROLE_SCOPES) among `fields`: the
    check of a role assignment, and of an invitation, whose convention is always
    set and so only its committee and State are judged."""

    def scoped(role) -> Q:
        links = ROLE_SCOPES[role].items()
        return Q(
            role=Role(role).value,
            **{
                f"{field}__isnull": not is_set
                for field, is_set in links
                if field in fields
            },
        )

    return reduce(or_, map(scoped, roles))


class RoleAssignment(models.Model):
    """What a user may do, and where. The policy that reads these is ism.access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    convention = convention_fk(on_delete=models.CASCADE, optional=True)
    committee = optional_fk(Committee, on_delete=models.CASCADE)
    state = state_fk(on_delete=models.CASCADE, optional=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            # Each role names exactly the scope it is for; an auditor with no
            # convention audits all of them.
            models.CheckConstraint(
                condition=role_scope_q(Role), name="role_scope_matches_role"
            ),
            # One assignment per role and scope (partial indexes: NULL scopes would
            # otherwise never collide).
            unique(
                ["user", "convention"],
                condition=Q(role="isu_staff"),
                name="role_unique_isu_staff",
            ),
            unique(
                ["user", "committee"],
                condition=Q(role="committee_member"),
                name="role_unique_committee_member",
            ),
            unique(
                ["user", "state", "convention"],
                condition=Q(role="focal_point"),
                name="role_unique_focal_point",
            ),
            unique(
                ["user", "convention"],
                condition=Q(role="auditor", convention__isnull=False),
                name="role_unique_auditor_of_convention",
            ),
            unique(
                ["user"],
                condition=Q(role="auditor", convention__isnull=True),
                name="role_unique_auditor_of_all",
            ),
        ]

    def __str__(self) -> str:
        scope = self.committee or (
            f"{self.state} / {self.convention}" if self.state else self.convention
        )
        return (
            f"{self.user}: {self.get_role_display()} ({scope or _('all conventions')})"
        )

    def clean(self):
        from django.core.exceptions import ValidationError

        scope = ROLE_SCOPES.get(self.role, {})
        errors = {}
        for field in ROLE_SCOPE_FIELDS:
            value = getattr(self, f"{field}_id")
            if scope.get(field) is True and value is None:
                errors[field] = _("Required for this role.")
            elif scope.get(field) is False and value is not None:
                errors[field] = _("Must be empty for this role.")
        if errors:
            raise ValidationError(errors)


class StateContact(models.Model):
    """Where the ISU writes to a State about one convention: the recipient of its
    invoices and notes verbales, and the addresses reminders go to. Owned by the
    State: its focal points keep it current; no other State sees it."""

    state = state_fk(on_delete=models.CASCADE, related_name="contacts")
    convention = convention_fk(on_delete=models.CASCADE)
    recipient = models.CharField(
        _("recipient"),
        max_length=300,
        help_text=_(
            "e.g. Permanent Mission of Norway to the United Nations Office at Geneva"
        ),
    )
    address = models.TextField(_("postal address"))
    emails = models.CharField(
        _("e-mail addresses"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; reminders and notices go to all of them."),
    )
    # ism.reminders.working_language: the one rule that reads it.
    working_language = language_field(
        _("working language"),
        blank=True,
        help_text=_(
            "The language of the invoices, statements and reminders the ISU sends "
            "the State about this convention. Empty: the State's usual language."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            unique(["state", "convention"], name="contact_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state} — {self.convention} contact"

    @property
    def email_list(self) -> list[str]:
        return [e.strip() for e in self.emails.split(",") if e.strip()]
