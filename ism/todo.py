"""What each user has to do, and by when: the home page's list, the counts in the
main navigation of every page, and the e-mail digest (issue #19).

Nothing here decides a status or a rule: each item is read from the selector or rule
its app already has (the settled/outstanding definition of invoices, the circulation
deadline of meetings, the due date of Article 7 reports, registration windows), and
every row through ism.access (visible(), the roles). A fixed number of queries
whatever the number of rows or roles: one or two per kind of item.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ism.access import Roles, focal_points_of, roles_of, visible

# The areas of the main navigation an item counts towards.
BUDGETS, CONTRIBUTIONS, WORKPLANS, MEETINGS, REPORTING = (
    "budgets",
    "contributions",
    "workplans",
    "meetings",
    "reporting",
)


# The home page groups the list by the role the work comes with.
GROUPS = {
    "review": gettext_lazy("To review, as a member of the Coordinating Committee"),
    "isu": gettext_lazy("For the ISU"),
    "state": gettext_lazy("For your State"),
}


@dataclass(frozen=True)
class Item:
    """One thing to do: what, where it is done, by when (None: no deadline)."""

    kind: str
    text: str
    url: str
    due: dt.date | None
    area: str
    group: str = ""

    @property
    def group_label(self) -> str:
        return str(GROUPS[self.group])

    def overdue_on(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


def todo_for(user, today: dt.date) -> list[Item]:
    """The user's to-do items on `today`: review first, then the ISU's work, then
    what a State owes; within each, the nearest deadline first."""
    roles = roles_of(user)
    if not roles.authenticated or roles.read_only:
        return []
    items: list[Item] = []
    if roles.coordinating_conventions:
        items += _grouped("review", _committee_items(user, roles))
    if roles.staff_conventions:
        items += _grouped("isu", _staff_items(user, roles, today))
    if roles.focal_points:
        items += _grouped("state", _focal_point_items(user, today))
    return items


def _grouped(group: str, items: list[Item]) -> list[Item]:
    """The group's items, those with a deadline first, the nearest first."""
    items = sorted(items, key=lambda i: (i.due is None, i.due or dt.date.min))
    return [replace(item, group=group) for item in items]


def counts_by_area(items: list[Item]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item.area] += 1
    return dict(counts)


# The navigation's counts are kept this long at most (seconds). Any change recorded
# in the meantime is a new key at once (nav_counts); the time only bounds what the
# audit trail does not see, such as a role given in the admin.
NAV_COUNTS_TTL = 300


def nav_counts(user, today: dt.date) -> dict[str, int]:
    """The counts the navigation shows on every page: the to-do list's, by area.

    The list costs a dozen queries; a page pays one (the newest audit event's id,
    read from the primary key's index) and a cache read. Every change ISM makes is
    recorded by a service with an audit event in the same transaction, so the
    newest event's id moves with every change that can add or remove an item, and
    `today` with every item a date makes due or overdue: the key names both."""
    roles = roles_of(user)
    if not roles.authenticated or roles.read_only:
        return {}
    from ism.models import AuditEvent

    latest = AuditEvent.objects.aggregate(latest=Max("pk"))["latest"] or 0
    key = f"todo-counts:{user.pk}:{today.isoformat()}:{latest}"
    counts = cache.get(key)
    if counts is None:
        counts = counts_by_area(todo_for(user, today))
        cache.set(key, counts, NAV_COUNTS_TTL)
    return counts


# --- Committee members: what awaits their review --------------------------------------


def _committee_items(user, roles: Roles) -> list[Item]:
    from budgets.models import Budget
    from workplans.models import WorkPlan

    conventions = roles.coordinating_conventions
    budgets = visible(user, Budget.objects.select_related("convention")).filter(
        status=Budget.Status.SUBMITTED, convention_id__in=conventions
    )
    plans = visible(user, WorkPlan.objects.select_related("convention")).filter(
        status=WorkPlan.Status.IN_REVIEW, convention_id__in=conventions
    )
    items = [
        Item(
            kind="budget-review",
            text=_("Review the %(year)s budget of %(code)s")
            % {"year": b.year, "code": b.convention.code},
            url=reverse("budgets:detail", args=[b.pk]),
            due=None,
            area=BUDGETS,
        )
        for b in budgets.order_by("convention__code", "year", "pk")
    ]
    items += [
        Item(
            kind="workplan-review",
            text=_("Review the work plan %(plan)s") % {"plan": plan},
            url=reverse("workplans:detail", args=[plan.pk]),
            due=None,
            area=WORKPLANS,
        )
        for plan in plans.order_by("convention__code", "pk")
    ]
    return items


# --- ISU staff ---------------------------------------------------------------------


def _staff_items(user, roles: Roles, today: dt.date) -> list[Item]:
    conventions = roles.staff_conventions
    items = _reports_to_publish(user, conventions)
    items += _overdue_invoices(user, conventions, today)
    items += _open_threads(user, conventions)
    items += _circulation_deadlines(user, conventions, today)
    items += _registrations(user, conventions, today, kind="meeting-registration")
    return items


def _reports_to_publish(user, conventions) -> list[Item]:
    from reporting.models import Report

    reports = visible(user, Report.objects.select_related("convention", "state"))
    reports = reports.filter(
        status=Report.Status.SUBMITTED, convention_id__in=conventions
    ).order_by("first_submitted_on", "pk")
    return [
        Item(
            kind="report-publish",
            text=_("Publish the %(year)s report of %(state)s (%(code)s)")
            % {"year": r.year, "state": r.state.name, "code": r.convention.code},
            # Where the Publish button is: the year's board, its list of
            # versions awaiting publication.
            url=reverse("reporting:board", args=[r.convention.code, r.year])
            + "#awaiting",
            due=None,
            area=REPORTING,
        )
        for r in reports
    ]


def _overdue_invoices(user, conventions, today: dt.date) -> list[Item]:
    """One item per convention with overdue invoices: the status is
    invoice_list's (the one definition of settled), judged on `today`."""
    from budgets.contributions.selectors import invoice_list
    from budgets.models import Invoice

    overdue = invoice_list(user=user, status=Invoice.Status.OVERDUE, today=today)
    by_code: dict[str, list[Invoice]] = defaultdict(list)
    for invoice in overdue.filter(convention_id__in=conventions):
        by_code[invoice.convention.code].append(invoice)
    return [
        Item(
            kind="invoices-overdue",
            text=_("%(count)s overdue invoices of %(code)s to follow up")
            % {"count": len(invoices), "code": code},
            url=reverse("budgets:invoice-list", args=[code]) + "?status=overdue",
            due=min(i.due_date for i in invoices),
            area=CONTRIBUTIONS,
        )
        for code, invoices in sorted(by_code.items())
    ]


def _open_threads(user, conventions) -> list[Item]:
    """One item per work plan with comment threads nobody has resolved."""
    from workplans.models import ReviewThread

    threads = visible(
        user, ReviewThread.objects.select_related("workplan__convention")
    ).filter(resolved_at__isnull=True, workplan__convention_id__in=conventions)
    by_plan: dict[int, list] = defaultdict(list)
    for thread in threads.order_by("workplan_id", "pk"):
        by_plan[thread.workplan_id].append(thread)
    return [
        Item(
            kind="open-threads",
            text=_("Answer %(count)s open comment threads on %(plan)s")
            % {"count": len(found), "plan": found[0].workplan},
            url=reverse("workplans:detail", args=[pk]),
            due=None,
            area=WORKPLANS,
        )
        for pk, found in by_plan.items()
    ]


def _circulation_deadlines(user, conventions, today: dt.date) -> list[Item]:
    """The budget the next Meeting of the States Parties adopts must be circulated
    60 days before it opens (meetings.selectors.circulation_deadline): an item
    until that budget is circulated."""
    from budgets.models import Budget
    from budgets.models.budget import PUBLIC_STATUSES
    from meetings.selectors import circulation_deadline

    meetings = _next_msps(user, conventions, today)
    if not meetings:
        return []
    # The Meeting held in year Y adopts the budget of year Y + 1.
    wanted = {(m.convention_id, m.start.year + 1) for m in meetings}
    budgets = {
        (b.convention_id, b.year): b
        for b in visible(user, Budget.objects.all()).filter(
            convention_id__in=conventions,
            year__in={year for _, year in wanted},
        )
    }
    items = []
    for meeting in meetings:
        year = meeting.start.year + 1
        budget = budgets.get((meeting.convention_id, year))
        if budget is not None and budget.status in PUBLIC_STATUSES:
            continue
        url = (
            reverse("budgets:detail", args=[budget.pk])
            if budget
            else reverse("budgets:index")
        )
        items.append(
            Item(
                kind="circulation-deadline",
                text=_(
                    "Circulate the %(year)s budget of %(code)s (60 days before %(m)s)"
                )
                % {"year": year, "code": meeting.convention.code, "m": meeting.title},
                url=url,
                due=circulation_deadline(meeting),
                area=BUDGETS,
            )
        )
    return items


def _next_msps(user, conventions, today: dt.date) -> list:
    """meetings.selectors.next_msp for several conventions in one query: the first
    Meeting of the States Parties (or Review Conference) of each, from `today`,
    not cancelled or postponed."""
    from meetings.models import Meeting

    first: dict[int, Meeting] = {}
    upcoming = (
        visible(user, Meeting.objects.all())
        .filter(
            convention_id__in=conventions,
            kind_row__adopts_budget=True,
            start__gte=today,
        )
        .exclude(status__in=[Meeting.Status.CANCELLED, Meeting.Status.POSTPONED])
        .select_related("convention")
        .order_by("start", "pk")
    )
    for meeting in upcoming:
        first.setdefault(meeting.convention_id, meeting)
    return sorted(first.values(), key=lambda m: m.convention.code)


def _registrations(user, conventions, today: dt.date, *, kind: str) -> list[Item]:
    """Meetings whose registration is open (meetings.rules.registration_open)."""
    from meetings.models import Meeting
    from meetings.rules import registration_last_day, registration_open_q

    meetings = visible(user, Meeting.objects.select_related("convention")).filter(
        registration_open_q(today), convention_id__in=conventions
    )
    return [
        Item(
            kind=kind,
            text=_("Registration is open for %(title)s (%(code)s)")
            % {"title": m.title, "code": m.convention.code},
            url=reverse("meetings:detail", args=[m.pk]),
            due=registration_last_day(m),
            area=MEETINGS,
        )
        for m in meetings.order_by("start", "pk")
    ]


# --- Focal points: what their State owes and must send -----------------------------


def _focal_point_items(user, today: dt.date) -> list[Item]:
    pairs = focal_points_of(user)
    items = _owed(user, pairs, today)
    items += _reports_due(user, pairs, today)
    conventions = {convention for _, convention in pairs}
    items += _registrations(user, conventions, today, kind="state-registration")
    return items


def _owed(user, pairs, today: dt.date) -> list[Item]:
    """What each of the user's States owes, by currency: the outstanding amount
    of its live invoices as invoice_list settles them."""
    from djmoney.money import Money

    from budgets.contributions.selectors import invoice_list
    from budgets.contributions.selectors.settled import LIVE

    owed: dict[tuple, Decimal] = defaultdict(Decimal)
    due: dict[tuple, dt.date] = {}
    names: dict[tuple, tuple[str, str, str]] = {}
    states = {state for state, _ in pairs}
    invoices = invoice_list(user=user, today=today).filter(LIVE, state_id__in=states)
    for invoice in invoices:
        if (invoice.state_id, invoice.convention_id) not in pairs:
            continue
        left = invoice.outstanding_amount
        if not left:
            continue
        key = (invoice.state_id, invoice.convention_id, str(invoice.amount.currency))
        owed[key] += left
        due[key] = min(due.get(key, invoice.due_date), invoice.due_date)
        names[key] = (invoice.state.name, invoice.state.iso3, invoice.convention.code)
    items = []
    for key in sorted(owed, key=lambda k: due[k]):
        name, iso3, code = names[key]
        items.append(
            Item(
                kind="state-owes",
                text=_("%(state)s owes %(amount)s (%(code)s)")
                % {"state": name, "amount": Money(owed[key], key[2]), "code": code},
                url=reverse("budgets:state-contributions", args=[iso3, code]),
                due=due[key],
                area=CONTRIBUTIONS,
            )
        )
    return items


def _reports_due(user, pairs, today: dt.date) -> list[Item]:
    """The annual reports the ISU follows up now (the previous calendar year's),
    one per report type the State owes (the types of the instruments it is party
    to), due on the type's date (reporting.rules), until it is submitted."""
    from ism.models import Participation
    from ism.translated import text_in
    from reporting import rules
    from reporting.models import Report
    from reporting.selectors.follow_up import current_reporting_year
    from reporting.selectors.owed import owes, types_owed

    year = current_reporting_year(today)
    states = {state for state, _ in pairs}
    parties = visible(
        user, Participation.objects.select_related("state", "convention")
    ).filter(state_id__in=states, status=Participation.Status.PARTY)
    sent = set(
        visible(user, Report.objects.all())
        .filter(
            state_id__in=states,
            kind=Report.Kind.ANNUAL,
            year=year,
            first_submitted_on__isnull=False,
        )
        .values_list("state_id", "report_type_id")
    )
    items = []
    parties = [
        p
        for p in parties.order_by("convention__code", "state__name")
        if (p.state_id, p.convention_id) in pairs
    ]
    owed = types_owed((p.state_id, p.convention_id) for p in parties)
    for p in parties:
        convention = p.convention
        url = reverse("reporting:state", args=[p.state.iso3, convention.code])
        for index, (report_type, party) in enumerate(
            owed[(p.state_id, p.convention_id)]
        ):
            if (p.state_id, report_type.pk) in sent or not owes(
                report_type, party, year
            ):
                continue
            items.append(
                Item(
                    kind="report-due",
                    text=_(
                        "Submit the %(year)s report of %(state)s (%(code)s: %(report)s)"
                    )
                    % {
                        "year": year,
                        "state": p.state.name,
                        "code": convention.code,
                        "report": text_in(report_type, "name", get_language())[0],
                    },
                    # The State's page opens on its first type; another is named.
                    url=url if index == 0 else f"{url}?type={report_type.code}",
                    due=rules.annual_due(report_type, year),
                    area=REPORTING,
                )
            )
    return items
