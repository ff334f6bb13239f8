"""Reads shared by pages, API and documents, already scoped by the access policy."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from ism.access import roles_of, visible
from ism.models import (
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Instrument,
    InstrumentMembership,
    Participation,
    State,
)
from ism.models.instruments import in_force_q


def filter_given(qs: QuerySet, **criteria) -> QuerySet:
    """`qs` narrowed by each criterion that was given; None means "any", as in a
    list's optional filters (?convention=, ?year=)."""
    given = {name: value for name, value in criteria.items() if value is not None}
    return qs.filter(**given) if given else qs


def convention_list(*, user) -> QuerySet[Convention]:
    return visible(user, Convention.objects.all())


def committee_list(
    *, user, convention: Convention | None = None
) -> QuerySet[Committee]:
    qs = filter_given(
        visible(user, Committee.objects.select_related("convention")),
        convention=convention,
    )
    return qs.prefetch_related(
        Prefetch("memberships", CommitteeMembership.objects.select_related("state")),
        Prefetch("chairs", CommitteeChair.objects.select_related("state")),
    )


def chair_on(committee: Committee, day: dt.date) -> CommitteeChair | None:
    """The chair on `day`, from prefetched chairs when available."""
    for chair in committee.chairs.all():
        if chair.start <= day and (chair.end is None or day <= chair.end):
            return chair
    return None


def states_parties(*, convention: Convention) -> QuerySet[State]:
    return State.objects.filter(
        participations__convention=convention,
        participations__status=Participation.Status.PARTY,
    ).order_by("name")


def base_instrument(convention: Convention) -> Instrument | None:
    """The Convention itself among `convention`'s instruments."""
    return Instrument.objects.filter(convention=convention, is_base=True).first()


def memberships_in_force(
    *, on: dt.date, until: dt.date | None = None, instrument: Instrument | None = None
) -> QuerySet[InstrumentMembership]:
    """The memberships in force on `on` (entered into force for their State,
    not withdrawn), or on some day from `on` to `until`; of one instrument or
    of all."""
    qs = InstrumentMembership.objects.filter(in_force_q(on, until=until))
    return filter_given(qs, instrument=instrument)


def members_of(
    instrument: Instrument, *, on: dt.date, until: dt.date | None = None
) -> QuerySet[State]:
    """The States bound by `instrument` on `on`: it had entered into force for
    them by that day and no withdrawal had yet taken effect. With `until`: the
    States bound on some day of that period."""
    memberships = memberships_in_force(on=on, until=until, instrument=instrument)
    return State.objects.filter(pk__in=memberships.values("state")).order_by("name")


def instruments_of(
    state: State, convention: Convention, *, on: dt.date
) -> QuerySet[Instrument]:
    """The instruments of `convention` that bind `state` on `on`."""
    return Instrument.objects.filter(
        convention=convention,
        pk__in=memberships_in_force(on=on).filter(state=state).values("instrument"),
    ).order_by("order", "code")


def is_member(state: State, instrument: Instrument, *, on: dt.date) -> bool:
    in_force = memberships_in_force(on=on, instrument=instrument)
    return in_force.filter(state=state).exists()


def history_visible(*, user, obj) -> QuerySet[AuditEvent]:
    from ism.audit import history_of

    return visible(user, history_of(obj))


def home_summary(*, user) -> dict:
    """What the home page offers this user, by role."""
    roles = roles_of(user)
    conventions = {c.pk: c for c in Convention.objects.all()}
    from ism.models import Committee as _Committee
    from ism.models import State as _State

    committees = list(
        _Committee.objects.filter(pk__in=roles.committees).select_related("convention")
    )
    states = {s.pk: s for s in _State.objects.filter(pk__in=roles.focal_point_states)}
    return {
        "roles": roles,
        "staff_of": [conventions[c] for c in sorted(roles.staff_conventions)],
        "audits": (
            list(conventions.values())
            if roles.auditor_of_all
            else [conventions[c] for c in sorted(roles.audited_conventions)]
        ),
        "committees": committees,
        "focal_points": sorted(
            ((states[s], conventions[c]) for s, c in roles.focal_points),
            key=lambda pair: (pair[0].name, pair[1].code),
        ),
    }


def people_of(*, convention: Convention) -> QuerySet:
    """Everyone with a role in `convention` (its ISU staff and auditors, the
    members of its committees, its States' focal points), by name. The page that
    lists them has asked ism.access.can_manage_people."""
    from django.db.models import Q

    from ism.models import RoleAssignment

    return (
        RoleAssignment.objects.filter(
            Q(convention=convention) | Q(committee__convention=convention)
        )
        .select_related("user", "committee", "state", "convention")
        .order_by("user__last_name", "user__first_name", "user__username", "role")
    )


def invitations_of(*, user, convention: Convention) -> QuerySet:
    """The convention's invitations, newest first, as the user may see them."""
    from ism.models import Invitation

    return visible(
        user,
        Invitation.objects.filter(convention=convention).select_related(
            "committee", "state", "convention", "created_by", "accepted_by"
        ),
    )


# What the people page's history shows: ism.people's and ism.invitations' events.
PEOPLE_VERBS = [
    "invitation sent",
    "invitation revoked",
    "invitation replaced",
    "invitation accepted",
    "role assigned",
    "role revoked",
]


def people_history(*, user, convention: Convention) -> QuerySet[AuditEvent]:
    """Who invited, granted and revoked whom in `convention`, newest first."""
    return visible(
        user,
        AuditEvent.objects.filter(
            convention=convention, verb__in=PEOPLE_VERBS
        ).select_related("actor"),
    )
