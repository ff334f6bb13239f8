"""Editing the results chain: thematic areas and their statements (impacts,
outcomes, outputs, activities), their links, order, action-plan actions and
budget lines.

Rules kept here, for the edit page, the API and the importer alike:
- a statement is never empty;
- a statement contributes to a statement exactly one level up in the same area
  (activity → output → outcome → impact): a link never skips a level;
- numbers are derived (workplans.tree); only the order among siblings is stored;
- only a draft (or a plan the committee sent back) is edited.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ism.concurrency import require_unchanged, version_of
from ism.workflow import record_change
from workplans.models import (
    Level,
    Result,
    ThematicArea,
    WorkPlan,
    parent_level,
    split_actions,
)
from workplans.services.base import edit_begin, one_line
from workplans.tree import is_lettered, number_results, result_label

UNSET = object()


def label_of(result: Result) -> str:
    """ "Activity 1.1.1", numbered as the plan stands now (two small queries)."""
    plan = result.workplan
    numbers = number_results(
        ThematicArea.objects.filter(workplan=plan),
        Result.objects.filter(workplan=plan).only(
            "pk", "area_id", "order", "parent_id", "level"
        ),
        lettered=is_lettered(plan),
    )
    lettered = is_lettered(plan)
    return result_label(
        Level(result.level).label, numbers.get(result.pk, "?"), lettered
    )


def _clean_text(value: str, *, field: str = "text") -> str:
    text = one_line(value)
    if not text:
        raise ValidationError({field: _("A statement cannot be empty.")})
    return text


def _clean_actions(value: str) -> str:
    actions = split_actions(value)
    for action in actions:
        if len(action) > 20:
            raise ValidationError(
                {
                    "action_refs": _(
                        "“%(action)s” is not an action number; separate numbers "
                        "with commas, e.g. #12, #31."
                    )
                    % {"action": action[:40]}
                }
            )
    text = ", ".join(actions)
    if len(text) > 200:
        raise ValidationError({"action_refs": _("Too many actions for one result.")})
    return text


def _next_order(queryset) -> int:
    current = queryset.aggregate(m=Max("order"))["m"]
    return 0 if current is None else current + 1


def _siblings(result: Result):
    return Result.objects.filter(
        area_id=result.area_id, level=result.level, parent_id=result.parent_id
    )


def _check_parent(*, level: str, area: ThematicArea, parent: Result | None) -> None:
    if parent is None:
        return
    expected = parent_level(level)
    if expected is None:
        raise ValidationError(
            {
                "parent": _(
                    "An impact is the top of the chain: it contributes to nothing."
                )
            }
        )
    if parent.level != expected:
        raise ValidationError(
            {
                "parent": _(
                    "%(level)s contributes to an %(expected)s, not to an "
                    "%(actual)s: a link cannot skip a level."
                )
                % {
                    "level": Level(level).label,
                    "expected": Level(expected).label.lower(),
                    "actual": Level(parent.level).label.lower(),
                }
            }
        )
    if parent.area_id != area.pk:
        raise ValidationError(
            {"parent": _("It can only contribute to a result of the same area.")}
        )


def _check_lines(workplan: WorkPlan, lines: Iterable) -> list:
    lines = list(lines)
    if not lines:
        return []
    if workplan.budget_id is None:
        raise ValidationError(
            {"budget_lines": _("Link the work plan to its budget first.")}
        )
    stray = [line for line in lines if line.budget_id != workplan.budget_id]
    if stray:
        raise ValidationError(
            {
                "budget_lines": _("“%(line)s” is not a line of %(budget)s.")
                % {"line": stray[0].label, "budget": workplan.budget}
            }
        )
    return lines


# --- Areas ------------------------------------------------------------------------


@transaction.atomic
def area_add(*, workplan: WorkPlan, title: str, actor) -> ThematicArea:
    edit_begin(workplan, actor)
    title = _clean_text(title, field="title")
    area = ThematicArea(
        workplan=workplan,
        title=title,
        order=_next_order(workplan.areas.all()),
    )
    return _area_save(area, before=None, actor=actor, verb="area added")


@transaction.atomic
def area_update(*, area: ThematicArea, title: str, actor) -> ThematicArea:
    edit_begin(area.workplan, actor)
    title = _clean_text(title, field="title")
    before = area.title
    if title == before:
        return area
    area.title = title
    return _area_save(
        area, before=before, actor=actor, verb="area renamed", update_fields=["title"]
    )


def _area_save(
    area: ThematicArea, *, before: str | None, actor, verb: str, **save
) -> ThematicArea:
    """An area's title, judged by the model, saved and recorded on its plan
    (a new revision: the plan's documents show the areas' titles)."""
    area.full_clean(exclude=["workplan"])
    area.save(**save)
    record_change(
        area.workplan, actor=actor, verb=verb, changes={"area": [before, area.title]}
    )
    return area


def _swap(items: list, item, direction: str) -> bool:
    """Move `item` one place up or down in `items` and store every order."""
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items):
        if other.order != position:
            other.order = position
            other.save(update_fields=["order"])
    return True


@transaction.atomic
def area_move(*, area: ThematicArea, direction: str, actor) -> bool:
    workplan = area.workplan
    edit_begin(workplan, actor)
    moved = _swap(list(workplan.areas.all()), area, direction)
    if moved:
        record_change(
            workplan,
            actor=actor,
            verb="area moved",
            changes={"area": [None, area.title], "direction": [None, direction]},
        )
    return moved


@transaction.atomic
def area_delete(*, area: ThematicArea, actor) -> int:
    """Delete the area and its statements; returns how many statements went."""
    workplan = area.workplan
    edit_begin(workplan, actor)
    count = area.results.count()
    title = area.title
    area.delete()
    record_change(
        workplan,
        actor=actor,
        verb="area deleted",
        changes={"area": [title, None], "statements deleted": [None, count]},
    )
    return count


# --- Results ----------------------------------------------------------------------


@transaction.atomic
def result_add(
    *,
    area: ThematicArea,
    level: str,
    text: str,
    actor,
    parent: Result | None = None,
    action_refs: str = "",
    budget_lines: Iterable = (),
) -> Result:
    workplan = area.workplan
    edit_begin(workplan, actor)
    if level not in Level.values:
        raise ValidationError({"level": _("Choose a level.")})
    text = _clean_text(text)
    _check_parent(level=level, area=area, parent=parent)
    lines = _check_lines(workplan, budget_lines)
    result = Result(
        workplan=workplan,
        area=area,
        level=level,
        parent=parent,
        text=text,
        action_refs=_clean_actions(action_refs),
    )
    result.order = _next_order(_siblings(result))
    result.full_clean(exclude=["workplan", "area", "parent", "budget_lines"])
    result.save()
    if lines:
        result.budget_lines.set(lines)
    record_change(
        workplan,
        actor=actor,
        verb="statement added",
        changes={
            "statement": [None, label_of(result)],
            "text": [None, text],
            "area": [None, area.title],
            **(
                {"contributes to": [None, label_of(parent)]}
                if parent is not None
                else {}
            ),
        },
    )
    return result


def _subtree(result: Result) -> list[Result]:
    """The results that contribute to `result`, directly or not."""
    found, frontier = [], [result.pk]
    while frontier:
        level = list(Result.objects.filter(parent_id__in=frontier))
        found.extend(level)
        frontier = [r.pk for r in level]
    return found


def result_version(result: Result, *, lines: Iterable | None = None) -> str:
    """The version a statement's form carries (ism.concurrency). `lines`: its
    budget lines when the caller read them already (the edit page, for all its
    statements at once), else they are read here."""
    return version_of(_result_state(result, lines=lines))


def _result_state(result: Result, *, lines: Iterable | None = None) -> dict:
    if lines is None:
        lines = result.budget_lines.all()
    return {
        "text": result.text,
        "parent": result.parent_id,
        "area": result.area_id,
        "action_refs": result.action_refs,
        "budget_lines": ",".join(str(pk) for pk in sorted(line.pk for line in lines)),
    }


@transaction.atomic
def result_update(
    *,
    result: Result,
    actor,
    version,
    text: str | None = None,
    parent=UNSET,
    area: ThematicArea | None = None,
    action_refs: str | None = None,
    budget_lines: Iterable | None = None,
) -> Result:
    """Reword a statement, link it to another (move between parents), move it to
    another area (with the statements that contribute to it), change its
    action-plan actions or budget lines. Only what is passed changes, and
    nothing if the statement changed since `version` (result_version, as the
    page loaded it)."""
    workplan = result.workplan
    edit_begin(workplan, actor)  # the plan's lock serialises every edit of it
    result.refresh_from_db()  # as stored now, under the plan's lock
    require_unchanged(version, _result_state(result))
    changes: dict[str, list] = {}
    label_before = label_of(result)

    new_area = area if area is not None else result.area
    if new_area.workplan_id != workplan.pk:
        raise ValidationError({"area": _("Choose an area of this work plan.")})
    new_parent = result.parent if parent is UNSET else parent
    if new_area.pk != result.area_id and parent is UNSET:
        new_parent = None  # the old link does not cross areas
    if new_parent is not None and new_parent.pk == result.pk:
        raise ValidationError({"parent": _("A result cannot contribute to itself.")})
    _check_parent(level=result.level, area=new_area, parent=new_parent)

    if text is not None:
        text = _clean_text(text)
        if text != result.text:
            changes["text"] = [result.text, text]
            result.text = text
    if action_refs is not None:
        actions = _clean_actions(action_refs)
        if actions != result.action_refs:
            changes["action-plan actions"] = [result.action_refs, actions]
            result.action_refs = actions
    if budget_lines is not None:
        lines = _check_lines(workplan, budget_lines)
        before = {line.pk: line for line in result.budget_lines.all()}
        if set(before) != {line.pk for line in lines}:
            changes["budget lines"] = [
                ", ".join(line.label for line in before.values()),
                ", ".join(line.label for line in lines),
            ]
            result.budget_lines.set(lines)

    relinked = (new_parent.pk if new_parent else None) != result.parent_id
    moved_area = new_area.pk != result.area_id
    if relinked or moved_area:
        if moved_area:
            changes["area"] = [result.area.title, new_area.title]
            for contributor in _subtree(result):
                contributor.area = new_area
                contributor.save(update_fields=["area"])
        if relinked:
            changes["contributes to"] = [
                label_of(result.parent) if result.parent_id else None,
                label_of(new_parent) if new_parent else None,
            ]
        result.area = new_area
        result.parent = new_parent
        # A statement that changes place goes last among its new siblings.
        result.order = _next_order(_siblings(result).exclude(pk=result.pk))

    if not changes:
        return result
    result.full_clean(exclude=["workplan", "area", "parent", "budget_lines"])
    result.save()
    changes = {"statement": [label_before, label_of(result)], **changes}
    record_change(workplan, actor=actor, verb="statement changed", changes=changes)
    return result


@transaction.atomic
def result_move(*, result: Result, direction: str, actor) -> bool:
    """One place up or down among the statements it shares a level and a link
    with; its number and its contributors' numbers follow."""
    workplan = result.workplan
    edit_begin(workplan, actor)
    before = label_of(result)
    moved = _swap(list(_siblings(result)), result, direction)
    if moved:
        result.refresh_from_db(fields=["order"])
        record_change(
            workplan,
            actor=actor,
            verb="statement moved",
            changes={"statement": [before, label_of(result)]},
        )
    return moved


@transaction.atomic
def result_delete(*, result: Result, actor) -> int:
    """Delete a statement with its indicators. The statements that contributed to
    it stay, unlinked; returns how many were unlinked."""
    workplan = result.workplan
    edit_begin(workplan, actor)
    label = label_of(result)
    unlinked = result.children.count()
    # Review threads on it stay, readable: they keep what it said and its label.
    result.threads.update(result_key=result.key)
    result.children.update(parent=None)
    text = result.text
    result.delete()
    record_change(
        workplan,
        actor=actor,
        verb="statement deleted",
        changes={
            "statement": [label, None],
            "text": [text, None],
            **({"unlinked contributors": [None, unlinked]} if unlinked else {}),
        },
    )
    return unlinked
