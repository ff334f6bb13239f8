"""Earmarked projects (a donor's multi-year money outside the annual total, in its
own currency: EU Council Decision (CFSP) 2025/781, EUR 2,700,000 for 2025-2029),
entered on the edit page of a budget whose year they run in. They belong to the
convention, not to one budget, so each row is matched by its id."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.models import Budget, EarmarkedProject
from budgets.services.values import Problems, clean_text
from ism.audit import delete_and_record, plain, save_and_record
from ism.workflow import require_staff

FIELDS = ("name", "donor", "instrument", "amount", "start_year", "end_year", "covers")
TEXTS = {"name": 300, "donor": 200, "instrument": 200, "covers": None}


def earmarked_of(budget: Budget):
    """The convention's earmarked projects that run in the budget's year."""
    return EarmarkedProject.objects.filter(
        convention_id=budget.convention_id,
        start_year__lte=budget.year,
        end_year__gte=budget.year,
    )


def _clean(p: Problems, key: str, row: dict, budget: Budget) -> dict:
    clean = {
        name: clean_text(p, f"{key}.{name}", row.get(name) or "", limit)
        for name, limit in TEXTS.items()
    }
    for name in ("name", "donor"):
        if not clean[name]:
            p.add(f"{key}.{name}", _("Enter the project's name and donor."))
    amount = row.get("amount")
    if amount is None or amount.amount <= 0:
        p.add(
            f"{key}.amount",
            _("Enter the amount with its currency, e.g. EUR 2,700,000."),
        )
    start, end = row.get("start_year"), row.get("end_year")
    if not (
        isinstance(start, int) and isinstance(end, int) and start <= budget.year <= end
    ):
        p.add(
            f"{key}.end_year",
            _("Enter the years the project runs, including %(year)s.")
            % {"year": budget.year},
        )
    return {**clean, "amount": amount, "start_year": start, "end_year": end}


@transaction.atomic
def earmarked_save(*, budget: Budget, actor, projects: list[dict]) -> None:
    """The earmarked projects of the budget's year as listed: a row with the id
    of a stored project updates it, one without adds a project, a stored one not
    listed is deleted. Each change is audited; one problem and nothing is
    written."""
    require_staff(actor, budget.convention)
    stored = {
        project.pk: project for project in earmarked_of(budget).select_for_update()
    }
    p = Problems()
    # A donor's instrument is one project of the convention (earmarked_unique),
    # whichever years it runs in.
    seen = set(
        EarmarkedProject.objects.filter(convention_id=budget.convention_id)
        .exclude(pk__in=stored)
        .values_list("donor", "instrument")
    )
    rows = []
    for i, row in enumerate(projects):
        clean = _clean(p, f"earmarked.{i}", row, budget)
        identity = (clean["donor"], clean["instrument"])
        if identity in seen:
            p.add(
                f"earmarked.{i}.instrument",
                _("Another project has this donor and instrument."),
            )
        seen.add(identity)
        rows.append((stored.get(row.get("id")), clean))
    p.raise_if_any()
    kept = {project.pk for project, _clean_row in rows if project is not None}
    for pk, project in stored.items():
        if pk not in kept:
            delete_and_record(
                project,
                actor=actor,
                verb="project removed",
                gone={},
                convention=budget.convention,
            )
    for project, clean in rows:
        before = (
            {name: plain(getattr(project, name)) for name in FIELDS} if project else {}
        )
        project = project or EarmarkedProject(convention=budget.convention)
        for name, value in clean.items():
            setattr(project, name, value)
        changes = {
            name: [before.get(name), plain(value)]
            for name, value in clean.items()
            if before.get(name) != plain(value)
        }
        save_and_record(
            project,
            changes,
            actor=actor,
            verb="edited" if before else "created",
            convention=budget.convention,
        )
