"""Reads of budgets shared by pages, API, PDF and Excel; scoped by ism.access."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Prefetch, QuerySet
from djmoney.money import Money

from budgets.calculations import BudgetFigures, Variance, compare, figures
from budgets.models import (
    Budget,
    BudgetComment,
    BudgetLine,
    EarmarkedProject,
    Fund,
    Mission,
    StaffPosition,
)
from budgets.selectors.funds import FundStatus, fund_statuses
from ism.access import visible
from ism.selectors import filter_given


def budget_list(*, user, convention=None, year=None, status=None) -> QuerySet[Budget]:
    return filter_given(
        visible(user, Budget.objects.select_related("convention")),
        convention=convention,
        year=year,
        status=status,
    )


class _Position(NamedTuple):
    salary: Money | None
    fte: Decimal


class _Line(NamedTuple):
    category: str
    label: str
    amount: Money | None
    from_missions: bool


class _Mission(NamedTuple):
    unit_cost: Money | None
    count: int


def _money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(amount, currency)


# The rows the figures read, of the three kinds, as (kind, model, the amount, the
# number: an FTE or a count of missions, and a line's own columns).
_FIGURE_ROWS = (
    (0, StaffPosition, "salary", "fte", ()),
    (1, BudgetLine, "amount", None, ("category", "label", "from_missions")),
    (2, Mission, "unit_cost", "count", ()),
)


def _figure_rows_sql(count: int) -> str:
    """The positions', lines' and missions' columns the figures read, of `count`
    budgets, in one UNION ALL in each kind's order (BudgetItem's: order, pk)."""
    quote = connection.ops.quote_name
    marks = ", ".join(["%s"] * count)
    parts = []
    for kind, model, amount, number, own in _FIGURE_ROWS:
        field = model._meta.get_field
        columns = [
            str(kind),
            quote(field("budget").column),
            quote(field(amount).column),
            quote(field(f"{amount}_currency").column),
            quote(field(number).column) if number else "NULL",
            *(quote(field(name).column) for name in own),
            *(["NULL"] * (3 - len(own))),
            quote(field("order").column),
            quote(model._meta.pk.column),
        ]
        # Names from the models' _meta, quoted; the ids are parameters.
        table, budget = quote(model._meta.db_table), quote(field("budget").column)
        parts.append(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {budget} IN ({marks})"  # noqa: S608
        )
    return " UNION ALL ".join(parts) + " ORDER BY 1, 9, 10"


def _converter(model, name: str):
    """A column's value as the ORM hands it over (SQLite gives floats for
    decimals, integers for booleans: converted as the ORM converts them)."""
    column = model._meta.get_field(name).get_col(model._meta.db_table)
    converters = [
        *connection.ops.get_db_converters(column),
        *column.get_db_converters(connection),
    ]

    def convert(value):
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return convert


def budget_list_figures(budgets: list[Budget]) -> dict[int, BudgetFigures]:
    """Each budget's figures (calculations.figures, the one rule) from one query
    whatever the number of budgets, reading only the columns the figures need
    as plain rows: as model instances, prefetched, 50 budgets' positions, lines
    and missions took three quarters of the API list's time (django-money wraps
    every queryset a related manager makes, and every row it loads), and as
    three ORM queries, compiling them was still most of the budgets list's own
    work (bench/bench_api.py, api.budgets): the SQL is ISM's, the values are
    converted as the ORM converts them."""
    ids = [budget.pk for budget in budgets]
    rows: dict[int, dict[int, list]] = {kind: defaultdict(list) for kind in (0, 1, 2)}
    convert = {
        kind: [
            _converter(model, amount),
            _converter(model, number) if number else None,
            *(_converter(model, name) for name in own),
        ]
        for kind, model, amount, number, own in _FIGURE_ROWS
    }
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(_figure_rows_sql(len(ids)), ids * len(_FIGURE_ROWS))
            for row in cursor.fetchall():
                kind, budget_id, amount, currency, number = row[:5]
                to_amount, to_number, *own = convert[kind]
                money = _money(to_amount(amount), currency)
                if kind == 0:
                    rows[0][budget_id].append(_Position(money, to_number(number)))
                elif kind == 1:
                    category, label, from_missions = (
                        to(value) for to, value in zip(own, row[5:8], strict=True)
                    )
                    rows[1][budget_id].append(
                        _Line(category, label, money, from_missions)
                    )
                else:
                    rows[2][budget_id].append(_Mission(money, to_number(number)))
    return {
        budget.pk: figures(
            budget,
            positions=rows[0][budget.pk],
            lines=rows[1][budget.pk],
            missions=rows[2][budget.pk],
        )
        for budget in budgets
    }


def budget_detail_queryset(*, user) -> QuerySet[Budget]:
    """Budgets with every row a page, the API or a document needs, in a fixed
    number of queries whatever the number of lines."""
    return visible(user, Budget.objects.select_related("convention")).prefetch_related(
        "positions",
        "lines",
        "missions",
        "notes",
        "in_kind",
        Prefetch("comments", BudgetComment.objects.select_related("author")),
    )


def previous_budget(budget: Budget) -> Budget | None:
    """The budget of the year before (its latest adopted, else latest version)."""
    candidates = Budget.objects.filter(
        convention_id=budget.convention_id, year=budget.year - 1
    ).prefetch_related("positions", "lines", "missions")
    adopted = [b for b in candidates if b.status == Budget.Status.ADOPTED]
    pool = adopted or list(candidates)
    return max(pool, key=lambda b: b.version) if pool else None


@dataclass(frozen=True)
class BudgetView:
    """Everything shown about one budget, computed once."""

    budget: Budget
    figures: BudgetFigures
    previous: Budget | None
    variances: list[Variance]
    funds: list[FundStatus]
    earmarked: list[EarmarkedProject]


def budget_view(budget: Budget, *, with_previous: bool = True) -> BudgetView:
    """`with_previous=False` for a reader that shows no comparison with the year
    before (the budget document): four queries and a second budget's rows less."""
    current = figures(
        budget,
        positions=budget.positions.all(),
        lines=budget.lines.all(),
        missions=budget.missions.all(),
    )
    previous = previous_budget(budget) if with_previous else None
    previous_figures = figures(previous) if previous else None
    funds = fund_statuses(
        convention=budget.convention,
        expenditure=current.total,
        funds=Fund.objects.filter(convention_id=budget.convention_id),
    )
    earmarked = list(
        EarmarkedProject.objects.filter(
            convention_id=budget.convention_id,
            start_year__lte=budget.year,
            end_year__gte=budget.year,
        )
    )
    return BudgetView(
        budget=budget,
        figures=current,
        previous=previous,
        variances=compare(current, previous_figures),
        funds=funds,
        earmarked=earmarked,
    )


@dataclass(frozen=True)
class Circulation:
    """When the budget must reach the States: 60 days before the Meeting of the
    States Parties that adopts it (CCM/CONF/2021/6, para 83; same practice at the
    APMBC), and whether that was (or is being) missed."""

    meeting: object  # meetings.models.Meeting
    deadline: object  # datetime.date
    circulated_on: object  # datetime.date | None
    today: object  # datetime.date

    @property
    def days_late(self) -> int:
        reference = self.circulated_on or self.today
        return max((reference - self.deadline).days, 0)

    @property
    def late(self) -> bool:
        return self.days_late > 0


def circulation_of(budget: Budget, *, today=None) -> Circulation | None:
    """The circulation deadline of `budget`, from the meeting that adopts it: the
    Meeting of the States Parties held in the year before the budget year (the
    Twenty-Second Meeting, December 2025, adopts the 2026 budget). None when that
    meeting is not recorded."""
    import datetime as dt

    from django.utils import timezone

    from meetings.selectors import circulation_deadline, next_msp

    meeting = next_msp(
        convention=budget.convention_id, after=dt.date(budget.year - 1, 1, 1)
    )
    if meeting is None or meeting.start.year != budget.year - 1:
        return None
    return Circulation(
        meeting=meeting,
        deadline=circulation_deadline(meeting),
        circulated_on=budget.circulated_on,
        today=today or timezone.localdate(),
    )
