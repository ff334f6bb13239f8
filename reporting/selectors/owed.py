"""Which report types a State owes, and for which years: a report type is owed by
the parties to its instrument, on the dates of their membership — the
Convention's parties (their Participation, which the base instrument's membership
mirrors) for the Article 7 report or the CCW's compliance report, Protocol V's
parties for the Protocol V report. A function given a convention reads its first
report type (the Article 7 report of the APMBC and the CCM). The follow-up board,
rates and reminders (reporting.selectors.follow_up) count from these."""

from __future__ import annotations

from ism.models import Convention, InstrumentMembership, Participation, State
from reporting import rules
from reporting.models import ReportType


def report_types(convention: Convention) -> list[ReportType]:
    """The convention's report types in their order. One query."""
    return list(
        ReportType.objects.filter(convention=convention)
        .select_related("convention", "instrument")
        .order_by("order", "code")
    )


def report_type_of(what: Convention | ReportType) -> ReportType | None:
    """`what` itself, or a convention's first report type (None: it has none)."""
    if isinstance(what, ReportType):
        return what
    types = report_types(what)
    return types[0] if types else None


def states_parties(what: Convention | ReportType) -> list:
    """The parties that may owe the report type: Participation rows (the
    Convention's parties) or InstrumentMembership rows (a protocol's); both give
    the State, its entry into force and `illustrative`; a membership also its
    withdrawal. Which years each owes is reporting.rules.owes_annual."""
    report_type = report_type_of(what)
    if report_type is None:
        return []
    if report_type.instrument.is_base:
        rows = Participation.objects.filter(convention_id=report_type.convention_id)
    else:
        rows = InstrumentMembership.objects.filter(instrument=report_type.instrument)
    return list(
        rows.filter(status=Participation.Status.PARTY)
        .select_related("state")
        .order_by("state__name")
    )


def types_owed(pairs) -> dict[tuple[int, int], list[tuple]]:
    """{(state id, convention id): [(report type, the State's party row)]} for
    each pair: the convention's report types whose instrument the State is party
    to, in order — the reports a focal point sees and may open. Three queries
    whatever the number of pairs."""
    pairs = set(pairs)
    states = {state for state, _convention in pairs}
    conventions = {convention for _state, convention in pairs}
    types = (
        ReportType.objects.filter(convention_id__in=conventions)
        .select_related("convention", "instrument")
        .order_by("order", "code")
    )
    party = Participation.Status.PARTY
    participations = {
        (p.state_id, p.convention_id): p
        for p in Participation.objects.filter(
            state_id__in=states, convention_id__in=conventions, status=party
        )
    }
    memberships = {
        (m.state_id, m.instrument_id): m
        for m in InstrumentMembership.objects.filter(
            state_id__in=states,
            instrument__convention_id__in=conventions,
            status=party,
        )
    }
    out: dict[tuple[int, int], list[tuple]] = {pair: [] for pair in pairs}
    for report_type in types:
        for state_id, convention_id in pairs:
            if convention_id != report_type.convention_id:
                continue
            row = (
                participations.get((state_id, convention_id))
                if report_type.instrument.is_base
                else memberships.get((state_id, report_type.instrument_id))
            )
            if row is not None:
                out[(state_id, convention_id)].append((report_type, row))
    return out


def types_of_state(state: State, convention: Convention) -> list[tuple]:
    """types_owed for one State and convention."""
    return types_owed({(state.pk, convention.pk)})[(state.pk, convention.pk)]


def owes(report_type: ReportType, party, year: int) -> bool:
    """Whether `party` (a row of states_parties) owes the report covering `year`."""
    return rules.owes_annual(
        report_type,
        entry_into_force=party.entry_into_force,
        year=year,
        withdrawal=getattr(party, "withdrawal", None),
    )
