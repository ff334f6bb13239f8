"""Reads of work plans shared by pages, API, documents and exports; scoped by
ism.access and prefetched so the number of queries does not grow with the number
of statements."""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from djmoney.money import Money

from ism.access import visible
from workplans.models import (
    Actual,
    Indicator,
    Result,
    ReviewComment,
    ReviewThread,
    ThematicArea,
    WorkPlan,
    WorkPlanVersion,
)
from workplans.sources import computed_actuals
from workplans.tree import Tree, build_tree


def workplan_list(*, user, convention=None) -> QuerySet[WorkPlan]:
    qs = visible(user, WorkPlan.objects.select_related("convention", "budget"))
    if convention is not None:
        qs = qs.filter(convention=convention)
    return qs.annotate(
        statements=Count("results", distinct=True),
        open_threads=Count(
            "threads", filter=Q(threads__resolved_at__isnull=True), distinct=True
        ),
    ).order_by("convention__code", "-start_year", "kind", "pk")


def _of_plan(model, function: str, field: str = "", *, through: str = "") -> RawSQL:
    """`function` of `field` ("MAX", "number"; without a field, COUNT(*)) over
    `model`'s rows of the outer plan, directly or through their `through` row
    (an indicator's result), as a subquery: several of them on one plan do not
    multiply each other's rows as joins would (1,000 statements x their
    indicators). Written once from the models' names rather than as ORM
    subqueries: compiling those four on every answer was a tenth of the work
    plans list's time (bench/bench_api.py, api.workplans). COUNT of no rows is
    0, MAX of none NULL."""
    quote = connection.ops.quote_name

    def column(of, name: str) -> str:
        field = of._meta.pk if name == "pk" else of._meta.get_field(name)
        return f"{quote(of._meta.db_table)}.{quote(field.column)}"

    rows = quote(model._meta.db_table)
    parent = model
    if through:
        parent = model._meta.get_field(through).related_model
        rows += (
            f" INNER JOIN {quote(parent._meta.db_table)}"
            f" ON {column(model, through)} = {column(parent, 'pk')}"
        )
    value = column(model, field) if field else "*"
    sql = (
        f"SELECT {function}({value}) FROM {rows}"  # noqa: S608 (names from models)
        f" WHERE {column(parent, 'workplan')} = {column(WorkPlan, 'pk')}"
    )
    return RawSQL(sql, (), output_field=IntegerField())  # noqa: S611 (no input)


def workplan_summaries(*, user) -> QuerySet[WorkPlan]:
    """Plans with what a list says of each — how many areas, statements and
    indicators, the latest version's number — and not their trees: a list links
    to each plan's tree (workplan_tree_queryset), so its cost does not grow with
    the statements. Scoped by ism.access."""
    return visible(user, _summary_rows().all())


@functools.cache
def _summary_rows() -> QuerySet[WorkPlan]:
    # Built once per process and cloned per answer (`.all()`, never evaluated
    # here): resolving the four subqueries was a tenth of the list's time
    # (bench/bench_api.py, api.workplans). Nothing in it depends on the request.
    return WorkPlan.objects.select_related("convention").annotate(
        area_count=_of_plan(ThematicArea, "COUNT"),
        statement_count=_of_plan(Result, "COUNT"),
        indicator_count=_of_plan(Indicator, "COUNT", through="result"),
        latest_version_number=_of_plan(WorkPlanVersion, "MAX", "number"),
    )


def _tree_prefetches(qs: QuerySet[WorkPlan]) -> QuerySet[WorkPlan]:
    """A result's indicators and an indicator's actuals arrive as plain lists
    (`tree_indicators`, `tree_actuals`: what workplans.tree reads): prefetched
    into the related managers instead, Django builds a manager and a queryset for
    every statement and every indicator (half the tree page at 1,000
    statements)."""
    return qs.select_related("convention", "budget").prefetch_related(
        "areas",
        Prefetch(
            "results",
            Result.objects.prefetch_related(
                Prefetch(
                    "indicators",
                    Indicator.objects.select_related(
                        "source_committee"
                    ).prefetch_related(
                        Prefetch(
                            "actuals",
                            Actual.objects.order_by("period_end"),
                            to_attr="tree_actuals",
                        )
                    ),
                    to_attr="tree_indicators",
                ),
            ),
        ),
        "budget__missions",
    )


def workplan_tree_queryset(*, user) -> QuerySet[WorkPlan]:
    """Plans with every row the tree needs. user=None is ISM itself (a render
    task, freezing a version): unscoped, never used to answer a user."""
    qs = (
        WorkPlan.objects.all()
        if user is None
        else visible(user, WorkPlan.objects.all())
    )
    return _tree_prefetches(qs)


def workplan_tree(workplan: WorkPlan, *, as_of: dt.date | None = None) -> Tree:
    """The numbered tree of a plan fetched through workplan_tree_queryset."""
    (tree,) = workplan_trees([workplan], as_of=as_of)
    return tree


def workplan_trees(
    workplans: list[WorkPlan], *, as_of: dt.date | None = None
) -> list[Tree]:
    """The trees of several plans, in their order, with what ISM counts from its
    own records read once per convention for all of them: a list of plans costs
    the queries of one. Every indicator of every plan is judged on one day, read
    once here (the counts and the statuses agree even across midnight)."""
    as_of = as_of or timezone.localdate()
    by_convention: dict[int, list[WorkPlan]] = defaultdict(list)
    for workplan in workplans:
        by_convention[workplan.convention_id].append(workplan)
    computed: dict[int, list | None] = {}
    for plans in by_convention.values():
        indicators = [
            indicator
            for workplan in plans
            for result in workplan.results.all()
            for indicator in result.tree_indicators
        ]
        computed |= computed_actuals(
            indicators, convention=plans[0].convention, as_of=as_of
        )
    return [
        build_tree(workplan, computed_actuals=computed, as_of=as_of)
        for workplan in workplans
    ]


def threads_queryset(*, user) -> QuerySet[ReviewThread]:
    return visible(
        user,
        ReviewThread.objects.select_related(
            "opened_by", "resolved_by", "version", "result"
        ),
    ).prefetch_related(
        Prefetch("comments", ReviewComment.objects.select_related("author"))
    )


@dataclass
class Threads:
    """A plan's review threads, grouped by the statement they are about."""

    by_result: dict[int, list[ReviewThread]]
    general: list[ReviewThread]  # on the plan as a whole, or a deleted statement
    open_count: int

    def for_result(self, pk: int) -> list[ReviewThread]:
        return self.by_result.get(pk, [])

    def open_for(self, pk: int) -> list[ReviewThread]:
        return [t for t in self.by_result.get(pk, []) if t.is_open]


def workplan_threads(*, user, workplan: WorkPlan) -> Threads:
    by_result: dict[int, list[ReviewThread]] = defaultdict(list)
    general: list[ReviewThread] = []
    threads = list(threads_queryset(user=user).filter(workplan=workplan))
    for thread in threads:
        if thread.result_id:
            by_result[thread.result_id].append(thread)
        else:
            general.append(thread)
    return Threads(
        by_result=dict(by_result),
        general=general,
        open_count=sum(1 for t in threads if t.is_open),
    )


def version_list(*, user, workplan: WorkPlan) -> QuerySet[WorkPlanVersion]:
    return visible(
        user,
        WorkPlanVersion.objects.filter(workplan=workplan).select_related(
            "submitted_by"
        ),
    ).order_by("number")


def line_amount(line, budget) -> Money | None:
    """What a budget line amounts to, as the budget computes it (a travel line built
    from the mission plan costs the missions)."""
    from budgets.calculations import mission_plan_cost

    if line.from_missions:
        return mission_plan_cost(budget.missions.all(), budget.currency)
    return line.amount


def result_budget_lines(workplan: WorkPlan) -> dict[int, list]:
    """{result pk: [the budget lines that pay for it, in the budget's order]}, in
    two queries — the plan's links, then each line they name once — read only by
    what shows them (the costs, the edit page). Not a prefetch of
    `Result.budget_lines`: that builds a related manager and a queryset, wrapped
    again by django-money, for every statement, and a line object for every link
    (a third of the tree page at 1,000 statements)."""
    from budgets.models import BudgetLine

    links = list(
        Result.budget_lines.through.objects.filter(
            result__workplan=workplan
        ).values_list("result_id", "budgetline_id")
    )
    lines = BudgetLine.objects.in_bulk({line_id for _result, line_id in links})
    # The budget's order of its lines (BudgetLine.Meta.ordering: order, pk).
    ranked = sorted(lines.values(), key=lambda line: (line.order, line.pk))
    order = {line.pk: n for n, line in enumerate(ranked)}
    paid_from: dict[int, list] = defaultdict(list)
    for result_id, line_id in sorted(links, key=lambda link: order[link[1]]):
        paid_from[result_id].append(lines[line_id])
    return dict(paid_from)


def result_costs(
    tree: Tree, *, user, budget_visible: bool | None = None
) -> dict[int, list[tuple]]:
    """{result pk: [(line, amount), …]} for the results linked to budget lines,
    when the reader may read the budget: a plan can be public before its budget
    is. `user`: the reader (None: anyone, so only a published budget's lines);
    `budget_visible`: already decided by the caller.
    A line shared by several results is shown whole under each: its cost is not
    divided (the budget does not say how)."""
    from django.contrib.auth.models import AnonymousUser

    from budgets.models import Budget

    budget = tree.workplan.budget
    if budget is None:
        return {}
    if budget_visible is None:
        reader = AnonymousUser() if user is None else user
        budget_visible = visible(reader, Budget.objects.filter(pk=budget.pk)).exists()
    if not budget_visible:
        return {}
    amounts: dict[int, Money | None] = {}  # a line shared by results costs once

    def amount(line) -> Money | None:
        if line.pk not in amounts:
            amounts[line.pk] = line_amount(line, budget)
        return amounts[line.pk]

    paid_from = result_budget_lines(tree.workplan)
    return {
        node.result.pk: [(line, amount(line)) for line in paid_from[node.result.pk]]
        for node in tree.results
        if node.result.pk in paid_from
    }
