"""Rendering the edit page: the chosen area's results level by level, each with
its open comments and where it sits among its siblings, and the forms for the
area and the plan as a whole.

A statement's own form (its text, link, area, actions and budget lines) is drawn
only when it is asked for: `render_result_form` answers the htmx GET the page
sends when the ISU opens a statement's editor, and without JavaScript the
editor's link asks for the page with that one form open (?edit=<pk>). Drawn for
every statement, hidden, the forms were most of the page (an area's statements
times the plan's areas and budget lines as options).

A refused POST renders the page again through `render_edit` with a `Bound`: the
form it was about shows what was typed and the service's reason (400).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render

from ism import params
from ism.access import get_visible_or_404, require_manage
from ism.forms import add_service_errors
from workplans import selectors
from workplans.forms import NOT_LINKED, AreaForm, ReplyForm, ResultAddForm, ResultForm
from workplans.models import (
    LEVEL_PLURALS,
    LEVELS_TOP_DOWN,
    Level,
    Result,
    parent_level,
)
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
    editing: int | None = None  # the statement whose form was asked for (?edit=)

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


def _page(request, plan, bound: Bound, *, editing=None) -> _Page:
    tree = selectors.workplan_tree(plan)
    return _Page(
        bound=bound,
        tree=tree,
        threads=selectors.workplan_threads(user=request.user, workplan=plan),
        area_choices=[
            (a.area.pk, f"{a.number}. {_short(a.area.title)}") for a in tree.areas
        ],
        line_choices=[
            (line.pk, f"{line.label} ({line.get_category_display().lower()})")
            for line in budget_lines(plan)
        ],
        paid_from=selectors.result_budget_lines(plan),
        editing=params.id_or_none(editing),
    )


def render_edit(
    request, pk: int, *, area_id=None, bound: Bound | None = None, status=200
):
    plan = tree_plan_or_404(request, pk)
    require_manage(request.user, plan.convention)
    page = _page(request, plan, bound or Bound(), editing=request.GET.get("edit"))
    tree, threads = page.tree, page.threads
    wanted = area_id or request.GET.get("area")
    area = next(
        (a for a in tree.areas if str(a.area.pk) == str(wanted)),
        tree.areas[0] if tree.areas else None,
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
            **_area_forms(page.bound, area),
            "has_budget_lines": bool(page.line_choices),
        },
        status=status,
    )


def render_result_form(request, pk: int):
    """The form of one statement, as its row on the edit page draws it: what the
    page asks for when the ISU opens the statement's editor."""
    result = get_visible_or_404(request.user, Result.objects.all(), pk=pk)
    plan = tree_plan_or_404(request, result.workplan_id)
    require_manage(request.user, plan.convention)
    locked = workplan_editable_or_error(plan)
    if locked:
        raise PermissionDenied(locked)
    page = _page(request, plan, Bound())
    node = page.tree.by_result[result.pk]
    area = next(a for a in page.tree.areas if a.area.pk == result.area_id)
    return render(
        request,
        "workplans/_result_form.html",
        {"node": node, "form": _result_form(page, node, _parents(area, node.level))},
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


def _parents(area, level: str) -> list[tuple]:
    """The results a result of `level` can be linked to: those of the level
    above in its area."""
    up = parent_level(level)
    return [_result_choice(n) for n in area.of_level(up)] if up else []


def _level(page: _Page, area, level: str, siblings: dict) -> dict:
    """One level of the area: its results and the form to add one."""
    parents = _parents(area, level)
    rows = [
        _row(page, node, parents, siblings[(level, node.result.parent_id)])
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


def _result_form(page: _Page, node, parents: list) -> ResultForm:
    """A result's form: what a refused POST typed, or the result as it is."""
    result = node.result
    lines = page.paid_from.get(result.pk, [])
    key = ("result", result.pk)
    return page.bound.form(
        key,
        lambda data: ResultForm(
            data,
            prefix=f"r{result.pk}",
            parents=page.typed(parents, key, f"r{result.pk}-parent"),
            areas=page.area_choices,
            lines=page.line_choices,
            level=node.level,
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


def _row(page: _Page, node, parents: list, group: list[int]) -> dict:
    """One result: where it sits among its siblings (to offer moving up or down),
    its open comments and, when a refused POST was about it or it was asked for,
    its form (else the page asks for it when the editor is opened)."""
    result = node.result
    shown = page.bound.has(("result", result.pk)) or page.editing == result.pk
    return {
        "node": node,
        "lines": page.paid_from.get(result.pk, []),
        "form": _result_form(page, node, parents) if shown else None,
        "first": group[0] == result.pk,
        "last": group[-1] == result.pk,
        "contributors": len(node.children),
        "threads": page.replies(page.threads.open_for(result.pk)),
    }
