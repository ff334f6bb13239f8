"""The edit page: the ISU edits the results chain area by area — add, reword,
reorder, link to another result (move between parents), move to another area,
delete with confirmation — and sees the committee's open comments beside the
statements, to answer them.

Every form posts to its own URL and, on success, redirects back to the edit page
(the area and the statement it was about). With htmx the page is not reloaded:
the request follows the redirect and only the editor (#plan-editor) is swapped.
A refused edit re-renders the page with the typed values and the message beside
the field (400; static/js/workplan_edit.js lets htmx swap that answer in too).
The page itself is built in workplans/views/edit_page.py; here are the views its
forms post to.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ism.access import get_visible_or_404, require_manage
from ism.translations_page import Item, translations_page
from workplans import services
from workplans.forms import (
    NOT_LINKED,
    AreaForm,
    ResultAddForm,
    ResultForm,
)
from workplans.models import (
    Level,
    Result,
    ThematicArea,
    parent_level,
)
from workplans.selectors import workplan_tree
from workplans.views.common import budget_lines, edit_url, tree_plan_or_404
from workplans.views.edit_page import Bound, render_edit, render_result_form


@require_GET
def workplan_edit(request, pk: int):
    return render_edit(request, pk)


@require_GET
def result_form(request, pk: int):
    """A statement's form, for the edit page to show when its editor is opened."""
    return render_result_form(request, pk)


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


def _again(request, plan_id, area_id, key, exc=None):
    """The edit page again (400) with what form `key` posted, and the service's
    refusal beside its fields when there is one."""
    return render_edit(
        request,
        plan_id,
        area_id=area_id,
        bound=Bound(key, request.POST, exc),
        status=400,
    )


def _refused(request, plan_id, area_id, exc):
    """A button's refusal (nothing typed): its message at the top of the page."""
    for message in exc.messages:
        messages.error(request, message)
    return render_edit(request, plan_id, area_id=area_id, status=400)


# --- Areas ------------------------------------------------------------------------


@require_POST
def area_add(request, pk: int):
    plan = tree_plan_or_404(request, pk)
    form = AreaForm(request.POST, prefix="new-area")
    if not form.is_valid():
        return _again(request, pk, None, "new-area")
    try:
        area = services.area_add(
            workplan=plan, title=form.cleaned_data["title"], actor=request.user
        )
    except ValidationError as exc:
        return _again(request, pk, None, "new-area", exc)
    messages.success(request, _("Area added."))
    return redirect(edit_url(pk, area.pk))


@require_POST
def area_update(request, pk: int):
    area = _area(request, pk)
    plan_id = area.workplan_id
    form = AreaForm(request.POST, prefix="area")
    if not form.is_valid():
        return _again(request, plan_id, pk, "area")
    try:
        services.area_update(
            area=area, title=form.cleaned_data["title"], actor=request.user
        )
    except ValidationError as exc:
        return _again(request, plan_id, pk, "area", exc)
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
        return _refused(request, area.workplan_id, pk, exc)
    return redirect(edit_url(area.workplan_id, pk))


@require_POST
def area_delete(request, pk: int):
    area = _area(request, pk)
    plan_id, title = area.workplan_id, area.title
    try:
        count = services.area_delete(area=area, actor=request.user)
    except ValidationError as exc:
        return _refused(request, plan_id, pk, exc)
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
    lines = [(line.pk, str(line.pk)) for line in budget_lines(plan)]
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
        return _again(request, plan.pk, pk, key)
    try:
        result = services.result_add(
            area=area,
            level=level,
            text=form.cleaned_data["text"],
            parent=_parent_from(plan, form.cleaned_data.get("parent")),
            actor=request.user,
        )
    except ValidationError as exc:
        return _again(request, plan.pk, pk, key, exc)
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
        return _again(request, plan.pk, result.area_id, key)
    data = form.cleaned_data
    area = plan.areas.filter(pk=data["area"]).first()
    changes = {
        "text": data["text"],
        "area": area,
        "action_refs": data.get("action_refs", ""),
        "version": data.get("version"),
    }
    if "parent" in form.fields:
        changes["parent"] = _parent_from(plan, data.get("parent"))
    if "budget_lines" in form.fields:
        wanted = {int(v) for v in data.get("budget_lines", [])}
        changes["budget_lines"] = [
            line for line in budget_lines(plan) if line.pk in wanted
        ]
    try:
        services.result_update(result=result, actor=request.user, **changes)
    except ValidationError as exc:
        return _again(request, plan.pk, result.area_id, key, exc)
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
        return _refused(request, result.workplan_id, result.area_id, exc)
    return redirect(edit_url(result.workplan_id, result.area_id, f"r{pk}"))


@require_POST
def result_delete(request, pk: int):
    result = _result(request, pk)
    plan_id, area_id = result.workplan_id, result.area_id
    try:
        unlinked = services.result_delete(result=result, actor=request.user)
    except ValidationError as exc:
        return _refused(request, plan_id, area_id, exc)
    message = _("Statement deleted.")
    if unlinked:
        message += " " + _(
            "The %(count)s statement(s) that contributed to it are kept, unlinked."
        ) % {"count": unlinked}
    messages.success(request, message)
    return redirect(edit_url(plan_id, area_id))


def workplan_translations(request, pk: int):
    """The translations of the plan's statements and indicators
    (ism.translations_page), numbered as the edit page numbers them."""
    plan = tree_plan_or_404(request, pk)
    require_manage(request.user, plan.convention)
    items = []
    for node in workplan_tree(plan).results:
        items.append(Item(node.label, node.result))
        items += [
            Item(f"{node.label} · {_('Indicator')}", i.indicator)
            for i in node.indicators
        ]
    return translations_page(
        request,
        owner=plan,
        items=items,
        title=_("Translations of %(title)s") % {"title": plan},
        back_url=edit_url(plan.pk),
    )
