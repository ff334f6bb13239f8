"""The plan as one tree, numbered: what every page, the API, the PDFs, the Excel
and IATI exports and the frozen versions read. Pure functions of rows already
fetched (see workplans.selectors.workplan_tree_queryset), so building the tree
costs no query whatever the number of statements.

Numbering is derived, never typed (the CCM outline's convention):

* a result that contributes to another takes its parent's number and its place
  among the parent's contributors: Outcome 1 → Output 1.1 → Activity 1.1.1;
* a result that contributes to nothing is numbered among the unlinked results of
  its level, through the plan in area order: the APMBC table, which links
  nothing, numbers its activities 1, 2, 3 … across the nine areas;
* areas are numbered 1, 2, 3 … in their order.

Reordering or moving a result renumbers it and its contributors; nothing stored
changes but the order and the link.

The plan's numbering scheme (WorkPlan.numbering, data, not code) says how the
numbers read: the APMBC table and the CCM outline as above (1 / 1.1 / 1.1.1);
lettered, priority areas A, B, … with their actions (a), (b), … counted within
each area (a contributor of (a) is (a)(i)), as action plans print them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from workplans.models import (
    LEVEL_PLURALS,
    LEVELS_TOP_DOWN,
    Indicator,
    Level,
    Result,
    ThematicArea,
    WorkPlan,
)
from workplans.progress import Progress, indicator_progress

# The APMBC table reads left to right from what the ISU does to what it serves.
TABLE_COLUMNS = [Level.ACTIVITY, Level.OUTPUT, Level.OUTCOME, Level.IMPACT]


@dataclass
class IndicatorNode:
    indicator: Indicator
    progress: Progress

    @property
    def target_text(self) -> str:
        return target_text(self.indicator)


@dataclass
class ResultNode:
    result: Result
    number: str
    depth: int
    parent: ResultNode | None = None
    children: list[ResultNode] = field(default_factory=list)
    indicators: list[IndicatorNode] = field(default_factory=list)

    @property
    def level(self) -> str:
        return self.result.level

    lettered: bool = False

    @property
    def label(self) -> str:
        """ "Activity 1.1.1": the level and the derived number ("(a)" lettered)."""
        return result_label(Level(self.result.level).label, self.number, self.lettered)

    @property
    def anchor(self) -> str:
        return f"r{self.result.pk}"


@dataclass
class AreaNode:
    area: ThematicArea
    number: int
    results: list[ResultNode]  # outline order: each root followed by its subtree
    lettered: bool = False

    @property
    def label(self) -> str:
        """ "3", or "C" in a lettered plan."""
        return letters(self.number).upper() if self.lettered else str(self.number)

    @property
    def roots(self) -> list[ResultNode]:
        return [node for node in self.results if node.parent is None]

    def of_level(self, level: str) -> list[ResultNode]:
        return [node for node in self.results if node.level == level]

    @property
    def columns(self) -> list[tuple[str, str, list[ResultNode]]]:
        """(level, heading, results) for the four-column table."""
        return [
            (level, str(LEVEL_PLURALS[level]), self.of_level(level))
            for level in TABLE_COLUMNS
        ]

    @property
    def table_rows(self) -> list[list[ResultNode | None]]:
        """The area's four columns as rows of cells (activity, output, outcome,
        impact). The i-th row holds the i-th statement of each column: cells of one
        row are not related, but a long area then breaks between rows, across
        pages, instead of forcing one giant row."""
        columns = [self.of_level(level) for level in TABLE_COLUMNS]
        height = max((len(column) for column in columns), default=0)
        return [
            [column[i] if i < len(column) else None for column in columns]
            for i in range(height)
        ]


@dataclass
class Tree:
    workplan: WorkPlan
    areas: list[AreaNode]
    by_result: dict[int, ResultNode]

    @property
    def results(self) -> list[ResultNode]:
        return [node for area in self.areas for node in area.results]

    @property
    def typed_text(self) -> list:
        """The statements and indicators: what staff typed and translate."""
        return [node.result for node in self.results] + [
            item.indicator for _area, _node, item in self.indicators
        ]

    @property
    def indicators(self) -> list[tuple[AreaNode, ResultNode, IndicatorNode]]:
        return [
            (area, node, indicator)
            for area in self.areas
            for node in area.results
            for indicator in node.indicators
        ]

    def count(self, level: str) -> int:
        return sum(1 for node in self.results if node.level == level)


def letters(number: int) -> str:
    """1 → "a", 26 → "z", 27 → "aa": the letter of the n-th item."""
    text = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


_ROMAN = [
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(number: int) -> str:
    """1 → "i", 14 → "xiv" (lower case, as sub-items are printed)."""
    text = ""
    for value, numeral in _ROMAN:
        count, number = divmod(number, value)
        text += numeral * count
    return text


def result_label(level_label, number: str, lettered: bool = False) -> str:
    """ "Activity 1.1.1"; in a lettered plan the letter alone, "(a)"."""
    return number if lettered else f"{level_label} {number}"


def _child_number(parent: str, index: int, lettered: bool) -> str:
    return f"{parent}({roman(index)})" if lettered else f"{parent}.{index}"


def _root_numbers(roots, lettered: bool) -> list[tuple[Result, str]]:
    """The unlinked results of one level with their numbers: through the plan
    (1, 2, 3), or lettered afresh in each area ((a), (b))."""
    if not lettered:
        return [(result, str(index)) for index, result in enumerate(roots, start=1)]
    seen: dict[int, int] = defaultdict(int)
    numbered = []
    for result in roots:
        seen[result.area_id] += 1
        numbered.append((result, f"({letters(seen[result.area_id])})"))
    return numbered


def is_lettered(workplan) -> bool:
    return getattr(workplan, "numbering", "") == "lettered"


def _ordered(areas, results):
    area_position = {area.pk: index for index, area in enumerate(areas)}
    return sorted(
        results, key=lambda r: (area_position.get(r.area_id, 0), r.order, r.pk)
    )


def _links(results) -> tuple[dict[int, list[Result]], dict[str, list[Result]]]:
    """(contributors of each result, unlinked results of each level), in order."""
    children: dict[int, list[Result]] = defaultdict(list)
    roots: dict[str, list[Result]] = defaultdict(list)
    known = {r.pk for r in results}
    for result in results:
        if result.parent_id is not None and result.parent_id in known:
            children[result.parent_id].append(result)
        else:
            roots[result.level].append(result)
    return children, roots


def number_results(areas, results, *, lettered: bool = False) -> dict[int, str]:
    """{result pk: its derived number}, from the plan's areas and results alone."""
    results = _ordered(list(areas), list(results))
    children, roots = _links(results)
    numbers: dict[int, str] = {}

    def assign(result: Result, number: str) -> None:
        numbers[result.pk] = number
        for index, child in enumerate(children[result.pk], start=1):
            assign(child, _child_number(number, index, lettered))

    for level in LEVELS_TOP_DOWN:
        for result, number in _root_numbers(roots[level], lettered):
            assign(result, number)
    return numbers


def build_tree(
    workplan: WorkPlan,
    *,
    areas=None,
    results=None,
    computed_actuals=None,
    as_of=None,
) -> Tree:
    """Number and nest the plan. Pass the rows (or prefetch them on `workplan`):
    each result with its `tree_indicators`, each of those with its `tree_actuals`,
    as workplans.selectors.workplan_tree_queryset fetches them. `computed_actuals`
    maps an indicator's pk to the actuals ISM counted for it (workplans.sources),
    `as_of` is the day the status is judged on."""
    areas = list(workplan.areas.all() if areas is None else areas)
    results = _ordered(
        areas, list(workplan.results.all() if results is None else results)
    )
    children, roots = _links(results)
    computed_actuals = computed_actuals or {}
    by_result: dict[int, ResultNode] = {}
    lettered = is_lettered(workplan)

    def make(result: Result, number: str, depth: int, parent: ResultNode | None):
        node = ResultNode(
            result=result, number=number, depth=depth, parent=parent, lettered=lettered
        )
        node.indicators = [
            IndicatorNode(
                indicator=indicator,
                progress=indicator_progress(
                    indicator,
                    computed_actuals.get(indicator.pk)
                    if indicator.is_computed
                    else indicator.tree_actuals,
                    as_of=as_of,
                ),
            )
            for indicator in result.tree_indicators
        ]
        by_result[result.pk] = node
        for index, child in enumerate(children[result.pk], start=1):
            number_of_child = _child_number(number, index, lettered)
            node.children.append(make(child, number_of_child, depth + 1, node))
        return node

    top: list[ResultNode] = []
    for level in LEVELS_TOP_DOWN:
        for result, number in _root_numbers(roots[level], lettered):
            top.append(make(result, number, 0, None))

    per_area: dict[int, list[ResultNode]] = defaultdict(list)

    def walk(node: ResultNode) -> None:
        per_area[node.result.area_id].append(node)
        for child in node.children:
            walk(child)

    # Within an area: the unlinked results top-down by level (in plan order), each
    # followed by the results that contribute to it.
    for node in top:
        walk(node)

    area_nodes = [
        AreaNode(
            area=area,
            number=index,
            results=per_area.get(area.pk, []),
            lettered=lettered,
        )
        for index, area in enumerate(areas, start=1)
    ]
    return Tree(workplan=workplan, areas=area_nodes, by_result=by_result)


# --- Wording --------------------------------------------------------------------------


def plain_number(value: Decimal | None) -> str:
    """60.00 → "60", 12.50 → "12.5"; None → ""."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def target_text(indicator: Indicator) -> str:
    """ "up to 60", "about 50", "at least 5", "8", "75%": as the plans word them."""
    value = plain_number(indicator.target)
    if indicator.unit == Indicator.Unit.PERCENT:
        value += "%"
    if indicator.qualifier == Indicator.Qualifier.EXACTLY:
        return value
    return f"{Indicator.Qualifier(indicator.qualifier).label} {value}"


def period_text(start, end) -> str:
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (
        1,
        1,
        12,
        31,
    ):
        return str(start.year)
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year}–{end.year}"
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}"


# --- Frozen versions ----------------------------------------------------------------


def snapshot(tree: Tree) -> dict:
    """The plan as JSON, keyed by the stable keys of its areas, results and
    indicators. What a version freezes and what workplans.diff compares."""
    plan = tree.workplan
    return {
        "format": 1,
        "title": plan.display_title,
        "period": plan.period_label,
        "action_plan": plan.action_plan,
        "areas": [
            {
                "key": str(area.area.key),
                "number": area.number,
                "title": area.area.title,
                "results": [
                    {
                        "key": str(node.result.key),
                        "level": node.result.level,
                        "number": node.number,
                        "text": node.result.text,
                        "parent": str(node.parent.result.key) if node.parent else None,
                        "actions": node.result.action_list,
                        "indicators": [
                            {
                                "key": str(item.indicator.key),
                                "description": item.indicator.description,
                                "unit": item.indicator.unit,
                                "baseline": plain_number(item.indicator.baseline),
                                "target": target_text(item.indicator),
                                "period": period_text(
                                    item.indicator.period_start,
                                    item.indicator.period_end,
                                ),
                                "direction": item.indicator.direction,
                            }
                            for item in node.indicators
                        ],
                    }
                    for node in area.results
                ],
            }
            for area in tree.areas
        ],
    }


def level_label(level: str) -> str:
    return str(Level(level).label)


def statement_label(level: str, number: str) -> str:
    return _("%(level)s %(number)s") % {"level": level_label(level), "number": number}
