"""Reads shared by the pages, the API, the exports and other capabilities.

Lists are scoped by ism.access and prefetch what they show, so the number of
queries does not grow with the number of meetings, items or documents."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from djmoney.money import Money

from ism.access import visible
from ism.models import Committee, CommitteeChair, Convention, ObligationKind
from meetings import regions, rules
from meetings.models import (
    AgendaItem,
    Delegation,
    DocumentFile,
    KeyObligation,
    Meeting,
    MeetingDocument,
    Participant,
    SponsorshipApplication,
    SponsorshipProgramme,
)

# The work plan and budget are circulated to States 60 days before the Meeting of
# the States Parties that adopts them (ISU financial procedures; DESIGN.md).
CIRCULATION_DAYS = 60


def _pk(value) -> int | None:
    return value if value is None or isinstance(value, int) else value.pk


# --- Links to other capabilities ------------------------------------------------------


def next_msp(*, convention: Convention | int, after: dt.date) -> Meeting | None:
    """The first Meeting of the States Parties (or Review Conference, which takes
    its place in a review year) of `convention` opening on or after `after`, not
    cancelled or postponed (a postponed meeting's dates are no longer its own).
    Public facts: not scoped to a user."""
    return (
        Meeting.objects.filter(
            convention_id=_pk(convention),
            kind_row__adopts_budget=True,
            start__gte=after,
        )
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])
        .select_related("convention")
        .order_by("start", "pk")
        .first()
    )


def circulation_deadline(meeting: Meeting) -> dt.date:
    """The day by which the work plan and budget the meeting adopts must be
    circulated to States: 60 days before it opens."""
    if not meeting.adopts_budget:
        raise ValueError(
            f"{meeting.title} adopts no budget (its kind does not) and sets no "
            "circulation deadline."
        )
    return meeting.start - dt.timedelta(days=CIRCULATION_DAYS)


def committee_meetings_held(
    *,
    convention: Convention | int,
    year: int,
    today: dt.date | None = None,
    committee: Committee | int | None = None,
) -> int:
    """Committee meetings (Coordinating Committee and thematic committees) held in
    `year` as of `today` (the one clock's day unless given): the actual of the work
    plan indicator "committee meetings supported". One query."""
    today = today or timezone.localdate()
    return committee_meetings_held_by_year(
        convention=convention, years=[year], committee=committee, today=today
    )[year]


def committee_meetings_held_by_year(
    *,
    convention: Convention | int,
    years: Iterable[int],
    today: dt.date,
    committee: Committee | int | None = None,
) -> dict[int, int]:
    """{year: committee meetings held as of `today`} for every year asked, in one
    query (a list of work plans counts all its years at once; workplans.sources).
    Held as meetings.rules says: marked held, or planned and over — never
    cancelled or postponed."""
    years = sorted(set(years))
    rows = Meeting.objects.filter(
        rules.held_q(today),
        convention_id=_pk(convention),
        kind_row__committee__gt="",
        start__year__in=years,
    )
    if committee is not None:
        rows = rows.filter(committee_id=_pk(committee))
    counts = dict(rows.order_by().values_list("start__year").annotate(n=Count("pk")))
    return {year: counts.get(year, 0) for year in years}


# --- Meetings -------------------------------------------------------------------------


def _chairs_prefetch() -> Prefetch:
    return Prefetch("committee__chairs", CommitteeChair.objects.select_related("state"))


def meeting_list(
    *,
    user,
    convention: Convention | int | None = None,
    kind: str | None = None,
    year: int | None = None,
    committee: Committee | int | None = None,
    status: str | None = None,
    phase: str | None = None,
    today: dt.date | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> QuerySet[Meeting]:
    """Meetings the user may see, filtered; `start`/`end` keep those overlapping
    that period (a calendar month). `status` is the stored decision of the staff;
    `phase` what it and the dates make of the meeting on `today` (meetings.rules)."""
    qs = visible(
        user, Meeting.objects.select_related("convention", "committee", "kind_row")
    ).prefetch_related(_chairs_prefetch())
    if convention is not None:
        qs = qs.filter(convention_id=_pk(convention))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(start__lte=dt.date(year, 12, 31), end__gte=dt.date(year, 1, 1))
    if committee is not None:
        qs = qs.filter(committee_id=_pk(committee))
    if status:
        qs = qs.filter(status=status)
    if phase:
        if today is None:
            raise TypeError("A phase is a phase on a day: pass today.")
        qs = qs.filter(rules.phase_q(phase, today))
    if start is not None:
        qs = qs.filter(end__gte=start)
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


def meeting_detail_queryset(*, user) -> QuerySet[Meeting]:
    return visible(
        user, Meeting.objects.select_related("convention", "committee", "kind_row")
    ).prefetch_related(_chairs_prefetch())


def presiding_officer(meeting: Meeting) -> str:
    """Who presides: as recorded, else — for a committee meeting — the committee's
    chair on the first day (the chair can change within a year)."""
    if meeting.presiding_officer:
        return meeting.presiding_officer
    if meeting.committee_id:
        from ism.selectors import chair_on

        chair = chair_on(meeting.committee, meeting.start)
        if chair is not None:
            return f"{chair.state.name} ({meeting.committee.name}, chair)"
    return ""


def agenda(*, user, meeting: Meeting) -> QuerySet[AgendaItem]:
    return visible(user, AgendaItem.objects.filter(meeting=meeting)).order_by(
        "sort_key"
    )


def documents(*, user, meeting: Meeting) -> QuerySet[MeetingDocument]:
    """The meeting's documents the user may see, with their files and items."""
    files = visible(user, DocumentFile.objects.order_by("language"))
    return (
        visible(user, MeetingDocument.objects.filter(meeting=meeting))
        .select_related("agenda_item")
        .prefetch_related(Prefetch("files", files))
        .order_by("agenda_item__sort_key", "symbol", "pk")
    )


def api_meetings(*, user) -> QuerySet[Meeting]:
    """Meetings for the API (its FilterSet narrows them): agenda and public
    documents with their files, in a fixed number of queries."""
    qs = visible(
        user, Meeting.objects.select_related("convention", "committee", "kind_row")
    )
    public_documents = (
        MeetingDocument.objects.filter(is_public=True)
        .select_related("agenda_item")
        .prefetch_related(Prefetch("files", DocumentFile.objects.order_by("language")))
        .order_by("agenda_item__sort_key", "symbol", "pk")
    )
    return qs.prefetch_related(
        Prefetch("agenda_items", AgendaItem.objects.order_by("sort_key")),
        Prefetch("documents", public_documents, to_attr="public_documents"),
        _chairs_prefetch(),
    ).order_by("start", "pk")


# --- Participants ---------------------------------------------------------------------


def delegations(*, user, meeting: Meeting) -> list[Delegation]:
    """The delegations the user may see, each with the people the user may see as
    a list, `people` (a list, not a queryset a page clones per delegation: a
    Meeting's page lists ~190 delegations of 500 people, issue 20)."""
    people = visible(user, Participant.objects.all())
    return list(
        visible(user, Delegation.objects.filter(meeting=meeting))
        .select_related("state")
        .prefetch_related(Prefetch("participants", people, to_attr="people"))
        .order_by("organisation", "state__name")
    )


def published_participants(meeting: Meeting) -> list[Participant]:
    """The list of participants as published: only people who agreed to be named,
    whoever asks. States first (alphabetical), then organisations; heads first."""
    rows = (
        Participant.objects.filter(
            delegation__meeting=meeting, consent_to_publication=True
        )
        .select_related("delegation__state")
        .order_by(
            "delegation__organisation",
            "delegation__state__name",
            "-is_head",
            "family_name",
            "given_name",
            "pk",
        )
    )
    return list(rows)


@dataclass(frozen=True)
class Attendance:
    delegations: int
    states: int
    organisations: int
    participants: int
    by_gender: dict[str, int]


def attendance(meeting: Meeting) -> Attendance:
    """Counts for the ISU (every registered person, published or not)."""
    counts = Delegation.objects.filter(meeting=meeting).aggregate(
        states=Count("pk", filter=Q(state__isnull=False)),
        organisations=Count("pk", filter=Q(state__isnull=True)),
    )
    genders = dict(
        Participant.objects.filter(delegation__meeting=meeting)
        .values_list("gender")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Attendance(
        delegations=counts["states"] + counts["organisations"],
        states=counts["states"],
        organisations=counts["organisations"],
        participants=sum(genders.values()),
        by_gender={g: genders.get(g, 0) for g in Participant.Gender.values},
    )


# --- Sponsorship ----------------------------------------------------------------------


def programme_list(*, user, convention=None) -> QuerySet[SponsorshipProgramme]:
    qs = visible(user, SponsorshipProgramme.objects.select_related("convention"))
    if convention is not None:
        qs = qs.filter(convention_id=_pk(convention))
    return qs.prefetch_related("meetings")


def applications(
    *, user, programme: SponsorshipProgramme | None = None, meeting=None, status=None
) -> QuerySet[SponsorshipApplication]:
    """Applications the user may see: a focal point only their own State's."""
    qs = visible(
        user,
        SponsorshipApplication.objects.select_related(
            "programme__convention",
            "participant__delegation__state",
            "participant__delegation__meeting",
            "decided_by",
        ),
    )
    if programme is not None:
        qs = qs.filter(programme=programme)
    if meeting is not None:
        qs = qs.filter(participant__delegation__meeting=meeting)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("participant__delegation__state__name", "pk")


@dataclass(frozen=True)
class SponsorshipStatistics:
    """The programme's figures: who is sponsored (approved applications) against the
    target, and the balance the programme seeks."""

    target: int
    sponsored: int
    by_status: dict[str, int]
    women: int
    men: int
    other_gender: int
    by_region: dict[str, int]
    states: int
    states_with_key_obligations: int
    by_obligation: dict[str, int]
    budget: Money
    committed: Money
    requested: Money
    regions_named: list[tuple[str, int]] = field(default_factory=list)
    # (the obligation in the convention's words, States sponsored that have it)
    obligation_rows: list[tuple[str, int]] = field(default_factory=list)

    @property
    def remaining_to_target(self) -> int:
        return max(self.target - self.sponsored, 0)

    @property
    def available(self) -> Money:
        return self.budget - self.committed

    @property
    def women_share(self) -> Decimal | None:
        if not self.sponsored:
            return None
        return (Decimal(self.women) * 100 / self.sponsored).quantize(Decimal("0.1"))

    @property
    def target_share(self) -> Decimal | None:
        if not self.target:
            return None
        return (Decimal(self.sponsored) * 100 / self.target).quantize(Decimal("0.1"))


def sponsorship_statistics(programme: SponsorshipProgramme) -> SponsorshipStatistics:
    """Five queries whatever the number of applications."""
    status_rows = dict(
        SponsorshipApplication.objects.filter(programme=programme)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    requested = SponsorshipApplication.objects.filter(programme=programme).aggregate(
        t=Sum("travel_amount"), h=Sum("hotel_amount"), a=Sum("allowance_amount")
    )
    approved = list(
        SponsorshipApplication.objects.filter(
            programme=programme, status=SponsorshipApplication.Status.APPROVED
        ).values_list(
            "participant__gender",
            "participant__delegation__state_id",
            "participant__delegation__state__iso3",
            "amount_approved",
        )
    )
    state_ids = {row[1] for row in approved}
    obligations: dict[int, set[str]] = {}
    for state_id, kind in KeyObligation.objects.filter(
        convention_id=programme.convention_id, state_id__in=state_ids
    ).values_list("state_id", "kind"):
        obligations.setdefault(state_id, set()).add(kind)
    genders = Counter(row[0] for row in approved)
    by_region = Counter(regions.regional_group(row[2]) for row in approved)
    # The convention's catalogue (ism.models.ObligationKind), in its order.
    catalogue = list(
        ObligationKind.objects.filter(convention_id=programme.convention_id)
    )
    by_obligation = {
        kind.code: sum(1 for kinds in obligations.values() if kind.code in kinds)
        for kind in catalogue
    }
    committed_amount = sum((row[3] for row in approved), Decimal(0))
    zero = Decimal(0)
    return SponsorshipStatistics(
        target=programme.target_delegates,
        sponsored=len(approved),
        by_status={
            s: status_rows.get(s, 0) for s in SponsorshipApplication.Status.values
        },
        women=genders[Participant.Gender.FEMALE],
        men=genders[Participant.Gender.MALE],
        other_gender=len(approved)
        - genders[Participant.Gender.FEMALE]
        - genders[Participant.Gender.MALE],
        by_region=dict(by_region),
        states=len(state_ids),
        states_with_key_obligations=len(obligations),
        by_obligation=by_obligation,
        obligation_rows=[
            (kind.label_text, by_obligation[kind.code])
            for kind in catalogue
            if by_obligation[kind.code]
        ],
        budget=programme.budget,
        committed=Money(committed_amount, programme.currency),
        requested=Money(
            (requested["t"] or zero)
            + (requested["h"] or zero)
            + (requested["a"] or zero),
            programme.currency,
        ),
        regions_named=[
            (regions.group_name(group), by_region.get(group, 0))
            for group in regions.GROUP_NAMES
            if by_region.get(group, 0) or group != regions.NONE
        ],
    )
