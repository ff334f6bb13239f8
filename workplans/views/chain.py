"""The edit page: the ISU edits the results chain area by area — add, reword,
reorder, link to another result (move between parents), move to another area,
delete with confirmation — and sees the committee's open comments beside the
statements, to answer them.

Every form posts to its own URL and, on success, redirects back to the edit page
(the area and the statement it was about). With htmx the page is not reloaded:
the request follows the redirect and only the editor (#plan-editor) is swapped.
A refused edit re-renders the page with the typed values and the message beside
the field (400; static/js/workplan_edit.js lets htmx swap that answer in too).
"""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ism.access import get_visible_or_404, require_manage
from ism.forms import add_service_errors
from workplans import selectors, services
from workplans.forms import (
    NOT_LINKED,
    AreaForm,
    ReplyForm,
    ResultAddForm,
    ResultForm,
)
from workplans.models import (
    LEVEL_PLURALS,
    LEVELS_TOP_DOWN,
    Level,
    Result,
    ThematicArea,
    parent_level,
)
from workplans.services.plans import workplan_editable_or_error
from workplans.views.common import allowed, edit_url, tree_plan_or_404

TEXT_IN_CHOICES = 70


def _short(text: str) -> str:
    return text if len(text) <= TEXT_IN_CHOICES else text[: TEXT_IN_CHOICES - 1] + "…"


def _budget_lines(plan) -> list:
    if plan.budget_id is None:
        return []
    return list(plan.budget.lines.all())


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


def render_edit(
    request, pk: int, *, area_id=None, bound: Bound | None = None, status=200
):
    plan = tree_plan_or_404(request, pk)
    require_manage(request.user, plan.convention)
    bound = bound or Bound()
    tree = selectors.workplan_tree(plan)
    threads = selectors.workplan_threads(user=request.user, workplan=plan)
    lines = _budget_lines(plan)
    line_choices = [
        (line.pk, f"{line.label} ({line.get_category_display().lower()})")
        for line in lines
    ]
    wanted = area_id or request.GET.get("area")
    area = next(
        (a for a in tree.areas if str(a.area.pk) == str(wanted)),
        tree.areas[0] if tree.areas else None,
    )
    area_choices = [
        (a.area.pk, f"{a.number}. {_short(a.area.title)}") for a in tree.areas
    ]

    levels = []
    if area is not None:
        # Siblings share an area, a level and a link; only their order is stored.
        siblings: dict[tuple, list[int]] = defaultdict(list)
        for node in area.results:
            siblings[(node.level, node.result.parent_id)].append(node.result.pk)
        for group in siblings.values():
            group.sort(key=lambda pk: (tree.by_result[pk].result.order, pk))
        for level in LEVELS_TOP_DOWN:
            up = parent_level(level)
            parents = (
                [
                    (n.result.pk, f"{n.label} — {_short(n.result.text)}")
                    for n in area.of_level(up)
                ]
                if up
                else []
            )
            rows = []

            def typed(options, key, field, level=level):
                """The options plus the one a refused form chose (from a stale
                page or another level), so the page shows the service's reason."""
                value = bound.value(key, field)
                known = {str(pk) for pk, _label in options}
                node = tree.by_result.get(int(value)) if str(value).isdigit() else None
                if node is not None and str(value) not in known:
                    return [
                        *options,
                        (node.result.pk, f"{node.label} — {_short(node.result.text)}"),
                    ]
                return options

            for node in area.of_level(level):
                pk_ = node.result.pk
                group = siblings[(level, node.result.parent_id)]
                key = ("result", pk_)
                form = bound.form(
                    key,
                    lambda data, node=node, parents=parents, level=level: ResultForm(
                        data,
                        prefix=f"r{node.result.pk}",
                        parents=typed(
                            parents,
                            ("result", node.result.pk),
                            f"r{node.result.pk}-parent",
                        ),
                        areas=area_choices,
                        lines=line_choices,
                        level=level,
                        initial={
                            "text": node.result.text,
                            "parent": str(node.result.parent_id or NOT_LINKED),
                            "area": str(node.result.area_id),
                            "action_refs": node.result.action_refs,
                            "budget_lines": [
                                str(line.pk) for line in node.result.budget_lines.all()
                            ],
                        },
                    ),
                )
                open_threads = threads.open_for(pk_)
                rows.append(
                    {
                        "node": node,
                        "form": form,
                        "editing": bound.has(key),
                        "first": group[0] == pk_,
                        "last": group[-1] == pk_,
                        "contributors": len(node.children),
                        "threads": [
                            (
                                thread,
                                bound.form(
                                    ("reply", thread.pk),
                                    lambda data, t=thread: ReplyForm(
                                        data, prefix=f"t{t.pk}"
                                    ),
                                ),
                            )
                            for thread in open_threads
                        ],
                    }
                )
            add_key = ("add", level)
            levels.append(
                {
                    "level": level,
                    "label": Level(level).label,
                    "plural": LEVEL_PLURALS[level],
                    "rows": rows,
                    "has_parents": bool(parents),
                    "add_form": bound.form(
                        add_key,
                        lambda data, level=level, parents=parents, key=add_key: (
                            ResultAddForm(
                                data,
                                prefix=f"add-{level}",
                                parents=typed(parents, key, f"add-{level}-parent"),
                                level=level,
                            )
                        ),
                    ),
                    "adding": bound.has(add_key),
                }
            )

    general_threads = [t for t in threads.general if t.is_open]
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
            "general_threads": [
                (
                    thread,
                    bound.form(
                        ("reply", thread.pk),
                        lambda data, t=thread: ReplyForm(data, prefix=f"t{t.pk}"),
                    ),
                )
                for thread in general_threads
            ],
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
            "has_budget_lines": bool(lines),
        },
        status=status,
    )


@require_GET
def workplan_edit(request, pk: int):
    return render_edit(request, pk)


def _area(request, pk: int) -> ThematicArea:
    return get_visible_or_404(
        request.user,
        ThematicArea.objects.select_related("workplan__convention", "workplan__budget"),
        pk=pk,
    )


def _result(request, pk: int) -> Result:
    return get_visible_or_404(
        request.user,
        Result.objects.select_related(
            "workplan__convention", "workplan__budget", "area", "parent"
        ),
        pk=pk,
    )


def _refused(request, plan_id, area_id, key, exc, data=None):
    """A refusal with no field to show it beside: a message at the top."""
    if data is None:
        for message in exc.messages:
            messages.error(request, message)
        return render_edit(request, plan_id, area_id=area_id, status=400)
    return render_edit(
        request, plan_id, area_id=area_id, bound=Bound(key, data, exc), status=400
    )


# --- Areas ------------------------------------------------------------------------


@require_POST
def area_add(request, pk: int):
    plan = tree_plan_or_404(request, pk)
    form = AreaForm(request.POST, prefix="new-area")
    if not form.is_valid():
        return render_edit(
            request, pk, bound=Bound("new-area", request.POST), status=400
        )
    try:
        area = services.area_add(
            workplan=plan, title=form.cleaned_data["title"], actor=request.user
        )
    except ValidationError as exc:
        return _refused(request, pk, None, "new-area", exc, request.POST)
    messages.success(request, _("Area added."))
    return redirect(edit_url(pk, area.pk))


@require_POST
def area_update(request, pk: int):
    area = _area(request, pk)
    plan_id = area.workplan_id
    form = AreaForm(request.POST, prefix="area")
    if not form.is_valid():
        return render_edit(
            request, plan_id, area_id=pk, bound=Bound("area", request.POST), status=400
        )
    try:
        services.area_update(
            area=area, title=form.cleaned_data["title"], actor=request.user
        )
    except ValidationError as exc:
        return _refused(request, plan_id, pk, "area", exc, request.POST)
    messages.success(request, _("Area renamed."))
    return redirect(edit_url(plan_id, pk))


@require_POST
def area_move(request, pk: int):
    area = _area(request, pk)
    try:
        services.area_move(
            area=area, direction=request.POST.get("direction", ""), actor=request.user
        )
    except ValidationError as exc:
        return _refused(request, area.workplan_id, pk, None, exc)
    return redirect(edit_url(area.workplan_id, pk))


@require_POST
def area_delete(request, pk: int):
    area = _area(request, pk)
    plan_id, title = area.workplan_id, area.title
    try:
        count = services.area_delete(area=area, actor=request.user)
    except ValidationError as exc:
        return _refused(request, plan_id, pk, None, exc)
    messages.success(
        request,
        _("“%(title)s” deleted with its %(count)s statement(s).")
        % {"title": title, "count": count},
    )
    return redirect(edit_url(plan_id))


# --- Results -------------------------------------------------------------------------


def _loose_choices(plan, level):
    """Choices that accept any result, area and line of the plan: the service
    decides which link is allowed and says why (a link that skips a level is
    refused with that reason, not with "not one of the available choices")."""
    parents = (
        [
            (pk, str(pk))
            for pk in Result.objects.filter(workplan=plan).values_list("pk", flat=True)
        ]
        if parent_level(level)
        else []
    )
    areas = [(a.pk, str(a.pk)) for a in plan.areas.all()]
    lines = [(line.pk, str(line.pk)) for line in _budget_lines(plan)]
    return parents, areas, lines


def _parent_from(plan, value) -> Result | None:
    if not value or value == NOT_LINKED:
        return None
    return Result.objects.filter(workplan=plan, pk=value).select_related("area").first()


@require_POST
def result_add(request, pk: int, level: str):
    area = _area(request, pk)
    plan = area.workplan
    key = ("add", level)
    if level not in Level.values:
        return render_edit(request, plan.pk, area_id=pk, status=400)
    parents, _areas, _lines = _loose_choices(plan, level)
    form = ResultAddForm(
        request.POST, prefix=f"add-{level}", parents=parents, level=level
    )
    if not form.is_valid():
        return render_edit(
            request, plan.pk, area_id=pk, bound=Bound(key, request.POST), status=400
        )
    try:
        result = services.result_add(
            area=area,
            level=level,
            text=form.cleaned_data["text"],
            parent=_parent_from(plan, form.cleaned_data.get("parent")),
            actor=request.user,
        )
    except ValidationError as exc:
        return _refused(request, plan.pk, pk, key, exc, request.POST)
    messages.success(request, _("%(level)s added.") % {"level": Level(level).label})
    return redirect(edit_url(plan.pk, pk, f"r{result.pk}"))


@require_POST
def result_update(request, pk: int):
    result = _result(request, pk)
    plan = result.workplan
    key = ("result", pk)
    parents, areas, lines = _loose_choices(plan, result.level)
    form = ResultForm(
        request.POST,
        prefix=f"r{pk}",
        parents=parents,
        areas=areas,
        lines=lines,
        level=result.level,
    )
    if not form.is_valid():
        return render_edit(
            request,
            plan.pk,
            area_id=result.area_id,
            bound=Bound(key, request.POST),
            status=400,
        )
    data = form.cleaned_data
    area = plan.areas.filter(pk=data["area"]).first()
    changes = {
        "text": data["text"],
        "area": area,
        "action_refs": data.get("action_refs", ""),
    }
    if "parent" in form.fields:
        changes["parent"] = _parent_from(plan, data.get("parent"))
    if "budget_lines" in form.fields:
        wanted = {int(v) for v in data.get("budget_lines", [])}
        changes["budget_lines"] = [
            line for line in _budget_lines(plan) if line.pk in wanted
        ]
    try:
        services.result_update(result=result, actor=request.user, **changes)
    except ValidationError as exc:
        return _refused(request, plan.pk, result.area_id, key, exc, request.POST)
    messages.success(request, _("Statement saved."))
    return redirect(edit_url(plan.pk, result.area_id, f"r{pk}"))


@require_POST
def result_move(request, pk: int):
    result = _result(request, pk)
    try:
        services.result_move(
            result=result,
            direction=request.POST.get("direction", ""),
            actor=request.user,
        )
    except ValidationError as exc:
        return _refused(request, result.workplan_id, result.area_id, None, exc)
    return redirect(edit_url(result.workplan_id, result.area_id, f"r{pk}"))


@require_POST
def result_delete(request, pk: int):
    result = _result(request, pk)
    plan_id, area_id = result.workplan_id, result.area_id
    try:
        unlinked = services.result_delete(result=result, actor=request.user)
    except ValidationError as exc:
        return _refused(request, plan_id, area_id, None, exc)
    message = _("Statement deleted.")
    if unlinked:
        message += " " + _(
            "The %(count)s statement(s) that contributed to it are kept, unlinked."
        ) % {"count": unlinked}
    messages.success(request, message)
    return redirect(edit_url(plan_id, area_id))
