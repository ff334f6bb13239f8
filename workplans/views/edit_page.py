"""Rendering the edit page: the chosen area's results level by level, each with
its form, its open comments and where it sits among its siblings, and the forms
for the area and the plan as a whole.

A refused POST renders the page again through `render_edit` with a `Bound`: the
form it was about shows what was typed and the service's reason (400).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import render

from ism import params
from ism.access import require_manage
from ism.forms import add_service_errors
from workplans import selectors
from workplans.forms import NOT_LINKED, AreaForm, ReplyForm, ResultAddForm, ResultForm
from workplans.models import LEVEL_PLURALS, LEVELS_TOP_DOWN, Level, parent_level
from workplans.services.chain import result_version
from workplans.services.plans import workplan_editable_or_error
from workplans.tree import Tree
from workplans.views.common import allowed, budget_lines, tree_plan_or_404

TEXT_IN_CHOICES = 70


def _short(text: str) -> str:
    return text if len(text) <= TEXT_IN_CHOICES else text[: TEXT_IN_CHOICES - 1] + "…"


def _result_choice(node) -> tuple:
    return (node.result.pk, f"{node.label} — {_short(node.result.text)}")


class Bound:
    """What a refused POST typed, to show again: {key: (data, error)}."""

    def __init__(self, key=None, data=None, error: ValidationError | None = None):
        self.items = {key: (data, error)} if key is not None else {}

    def form(self, key, make):
        if key not in self.items:
            return make(None)
        data, error = self.items[key]
        form = make(data)
        form.is_valid()
        if error is not None:
            add_service_errors(form, error)
        return form

    def has(self, key) -> bool:
        return key in self.items

    def value(self, key, field: str) -> str:
        data = self.items.get(key, (None, None))[0]
        return (data or {}).get(field, "")


@dataclass
class _Page:
    """What every part of the page is built from."""

    bound: Bound
    tree: Tree
    threads: selectors.Threads
    area_choices: list[tuple]
    line_choices: list[tuple]
    paid_from: dict[int, list]  # selectors.result_budget_lines

    def replies(self, threads) -> list[tuple]:
        """Each thread with its reply form."""
        return [
            (
                thread,
                self.bound.form(
                    ("reply", thread.pk),
                    lambda data, t=thread: ReplyForm(data, prefix=f"t{t.pk}"),
                ),
            )
            for thread in threads
        ]

    def typed(self, options, key, field) -> list[tuple]:
        """The options plus the one a refused form chose (from a stale page or
        another level), so the page shows the service's reason."""
        value = self.bound.value(key, field)
        known = {str(pk) for pk, _label in options}
        node = self.tree.by_result.get(params.id_or_none(value))
        if node is not None and str(value) not in known:
            return [*options, _result_choice(node)]
        return options


def render_edit(
    request, pk: int, *, area_id=None, bound: Bound | None = None, status=200
):
    plan = tree_plan_or_404(request, pk)
    require_manage(request.user, plan.convention)
    bound = bound or Bound()
    tree = selectors.workplan_tree(plan)
    threads = selectors.workplan_threads(user=request.user, workplan=plan)
    lines = budget_lines(plan)
    wanted = area_id or request.GET.get("area")
    area = next(
        (a for a in tree.areas if str(a.area.pk) == str(wanted)),
        tree.areas[0] if tree.areas else None,
    )
    page = _Page(
        bound=bound,
        tree=tree,
        threads=threads,
        area_choices=[
            (a.area.pk, f"{a.number}. {_short(a.area.title)}") for a in tree.areas
        ],
        line_choices=[
            (line.pk, f"{line.label} ({line.get_category_display().lower()})")
            for line in lines
        ],
        paid_from=selectors.result_budget_lines(plan),
    )
    levels = _levels(page, area) if area is not None else []
    return render(
        request,
        "workplans/edit.html",
        {
            "workplan": plan,
            "tree": tree,
            "area": area,
            "levels": levels,
            "may": allowed(request.user, plan),
            "locked_reason": workplan_editable_or_error(plan),
            "open_threads": threads.open_count,
            "general_threads": page.replies(t for t in threads.general if t.is_open),
            **_area_forms(bound, area),
            "has_budget_lines": bool(lines),
        },
        status=status,
    )


def _area_forms(bound: Bound, area) -> dict:
    """Renaming the area shown, and adding one."""
    return {
        "area_form": bound.form(
            "area",
            lambda data: AreaForm(
                data,
                prefix="area",
                initial={"title": area.area.title if area else ""},
            ),
        ),
        "renaming": bound.has("area"),
        "new_area_form": bound.form(
            "new-area", lambda data: AreaForm(data, prefix="new-area")
        ),
        "adding_area": bound.has("new-area"),
    }


def _levels(page: _Page, area) -> list[dict]:
    # Siblings share an area, a level and a link; only their order is stored.
    siblings: dict[tuple, list[int]] = defaultdict(list)
    for node in area.results:
        siblings[(node.level, node.result.parent_id)].append(node.result.pk)
    for group in siblings.values():
        group.sort(key=lambda pk: (page.tree.by_result[pk].result.order, pk))
    return [_level(page, area, level, siblings) for level in LEVELS_TOP_DOWN]


def _level(page: _Page, area, level: str, siblings: dict) -> dict:
    """One level of the area: its results, each with its form, and the form to add
    one; the parents a result can be linked to are those of the level above."""
    up = parent_level(level)
    parents = [_result_choice(n) for n in area.of_level(up)] if up else []
    rows = [
        _row(page, node, level, parents, siblings[(level, node.result.parent_id)])
        for node in area.of_level(level)
    ]
    add_key = ("add", level)
    return {
        "level": level,
        "label": Level(level).label,
        "plural": LEVEL_PLURALS[level],
        "rows": rows,
        "has_parents": bool(parents),
        "add_form": page.bound.form(
            add_key,
            lambda data: ResultAddForm(
                data,
                prefix=f"add-{level}",
                parents=page.typed(parents, add_key, f"add-{level}-parent"),
                level=level,
            ),
        ),
        "adding": page.bound.has(add_key),
    }


def _row(page: _Page, node, level: str, parents: list, group: list[int]) -> dict:
    """One result: its form, whether it is being edited, where it sits among its
    siblings (to offer moving up or down) and its open comments."""
    result = node.result
    lines = page.paid_from.get(result.pk, [])
    key = ("result", result.pk)
    form = page.bound.form(
        key,
        lambda data: ResultForm(
            data,
            prefix=f"r{result.pk}",
            parents=page.typed(parents, key, f"r{result.pk}-parent"),
            areas=page.area_choices,
            lines=page.line_choices,
            level=level,
            initial={
                "text": result.text,
                "parent": str(result.parent_id or NOT_LINKED),
                "area": str(result.area_id),
                "action_refs": result.action_refs,
                "budget_lines": [str(line.pk) for line in lines],
                "version": result_version(result, lines=lines),
            },
        ),
    )
    return {
        "node": node,
        "lines": lines,
        "form": form,
        "editing": page.bound.has(key),
        "first": group[0] == result.pk,
        "last": group[-1] == result.pk,
        "contributors": len(node.children),
        "threads": page.replies(page.threads.open_for(result.pk)),
    }
