"""Creating, editing and revising a budget."""

from __future__ import annotations

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import Budget
from budgets.services.base import (
    WORKFLOW,
    pdf_render_enqueue,
    record_change,
    require_status,
    sync,
)
from budgets.services.content import (
    Content,
    clean_content,
    content_changes,
    content_of,
    content_values,
    content_write,
)
from ism.audit import audit_record
from ism.concurrency import require_unchanged, version_of
from ism.models import Convention
from ism.workflow import lock, require_staff

# What a copy for the next year takes from the budget it copies: the figures and
# the staffing, not the facts of the old document (its meeting, agenda item,
# symbol, date) nor its workflow (circulated, adopted).
COPIED_FIELDS = [
    "title",
    "salaries_total",
    "social_security_rate",
    "social_security_amount",
    "salaries_note",
    "social_security_note",
]
# A revision is the same year's document again, so it keeps its title block.
REVISED_FIELDS = [
    *COPIED_FIELDS,
    "meeting",
    "agenda_item",
    "document_symbol",
    "document_date",
]
SECTIONS = ["positions", "lines", "missions", "notes", "in_kind"]


def _copy_of(source: Budget, fields: list[str], *, year: int | None = None) -> Content:
    content = content_of(source)
    content.fields = {name: content.fields[name] for name in fields}
    if year is not None and content.fields.get("title"):
        content.fields["title"] = content.fields["title"].replace(
            str(source.year), str(year)
        )
    return content


def _new_budget(
    *,
    convention: Convention,
    year: int,
    version: int,
    actor,
    content: Content,
    revises: Budget | None = None,
    verb: str,
    changes: dict,
) -> Budget:
    budget = Budget(
        convention=convention,
        year=year,
        version=version,
        revises=revises,
        currency=convention.currency,
        status=Budget.Status.DRAFT,
        revision=1,
    )
    for name, value in content.fields.items():
        setattr(budget, name, value)
    budget.full_clean(exclude=["pdf"], validate_constraints=False)
    budget.save()
    content_write(budget, Content(), dataclasses.replace(content, fields={}))
    changes = {**changes, **content_changes(Content(), content)}
    audit_record(actor=actor, verb=verb, obj=budget, changes=changes)
    pdf_render_enqueue(budget.pk)
    return budget


@transaction.atomic
def budget_create(
    *, convention: Convention, year: int, actor, copy_from: Budget | None = None
) -> Budget:
    """A new draft budget for `year`, empty or a copy of another budget of the same
    convention (usually last year's)."""
    require_staff(actor, convention)
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 1990 and 2100.")})
    if copy_from is not None and copy_from.convention_id != convention.pk:
        raise ValidationError({"copy_from": _("Copy a budget of the same convention.")})
    # Lock the convention so that two people creating the same year's budget at once
    # get one budget and one clear refusal rather than an IntegrityError.
    Convention.objects.select_for_update().filter(pk=convention.pk).first()
    existing = Budget.objects.filter(convention=convention, year=year).first()
    if existing is not None:
        raise ValidationError(
            {
                "year": _("The %(code)s already has a budget for %(year)s.")
                % {"code": convention.code, "year": year}
            }
        )
    if copy_from is None:
        content = Content(fields={"title": _default_title(convention, year)})
        changes = {}
    else:
        content = _copy_of(copy_from, COPIED_FIELDS, year=year)
        changes = {"copied from": [None, str(copy_from)]}
    return _new_budget(
        convention=convention,
        year=year,
        version=1,
        actor=actor,
        content=content,
        verb="created",
        changes=changes,
    )


def _default_title(convention: Convention, year: int) -> str:
    return _("%(code)s Implementation Support Unit budget %(year)s") % {
        "code": convention.code,
        "year": year,
    }


@transaction.atomic
def budget_save(
    *,
    budget: Budget,
    actor,
    fields: dict,
    version,
    positions: list[dict] | None = None,
    lines: list[dict] | None = None,
    missions: list[dict] | None = None,
    notes: list[dict] | None = None,
    in_kind: list[dict] | None = None,
) -> Budget:
    """Save the whole document from the edit page. Everything is validated first;
    one problem anywhere and nothing is written. Saving what is already stored
    changes nothing (no new revision, no audit event). A page loaded before
    someone else's save (`version`, budget_version as it loaded) is refused with
    what changed (ism.concurrency.EditConflict). A section given as None is left
    as it is."""
    locked = WORKFLOW.begin("edit", budget, actor)
    new = clean_content(
        currency=locked.currency,
        fields=fields,
        positions=positions,
        lines=lines,
        missions=missions,
        notes=notes,
        in_kind=in_kind,
    )
    old = content_of(locked)
    require_unchanged(version, content_values(old))
    changes = content_changes(old, new)
    if changes:
        content_write(locked, old, new)
        record_change(locked, actor=actor, verb="edited", changes=changes)
    return sync(budget, locked)


def budget_version(budget: Budget) -> str:
    """The version an edit page carries for this budget (ism.concurrency)."""
    return version_of(content_values(content_of(budget)))


@transaction.atomic
def budget_revise(*, budget: Budget, actor) -> Budget:
    """Revise an adopted budget: a new draft version of the same year. The adopted
    one stays as it was, and is superseded only when the revision is adopted."""
    locked = WORKFLOW.begin("revise", budget, actor)
    in_progress = Budget.objects.filter(revises=locked).exclude(
        status=Budget.Status.SUPERSEDED
    )
    if in_progress.exists():
        raise ValidationError(
            {
                "__all__": _("A revision of this budget is already under way: %s.")
                % in_progress.first()
            }
        )
    latest = (
        Budget.objects.filter(convention=locked.convention, year=locked.year)
        .order_by("-version")
        .first()
    )
    if latest.pk != locked.pk:
        raise ValidationError(
            {"__all__": _("Only the latest version of a budget can be revised.")}
        )
    revision = _new_budget(
        convention=locked.convention,
        year=locked.year,
        version=locked.version + 1,
        revises=locked,
        actor=actor,
        content=_copy_of(locked, REVISED_FIELDS),
        verb="created as a revision",
        changes={"revises": [None, str(locked)]},
    )
    audit_record(
        actor=actor,
        verb="revision started",
        obj=locked,
        changes={"revision": [None, str(revision)]},
    )
    return revision


def budget_content_replace(
    *, budget: Budget, actor, content: Content, verb: str
) -> Budget:
    """Replace a draft's content (the import with --replace). Runs in the caller's
    transaction; the caller checked access and cleaned `content`."""
    locked = lock(budget)
    require_status(locked, Budget.Status.DRAFT, action=_("replaced"))
    old = content_of(locked)
    changes = content_changes(old, content)
    if changes:
        content_write(locked, old, content)
        record_change(locked, actor=actor, verb=verb, changes=changes)
    return sync(budget, locked)


__all__ = [
    "budget_content_replace",
    "budget_create",
    "budget_revise",
    "budget_save",
]
