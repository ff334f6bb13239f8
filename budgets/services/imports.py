"""Importing a budget file (the format of ism/reference/*-budget.json)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from djmoney.money import Money

from budgets import importer
from budgets.calculations import coverage, figures
from budgets.models import (
    Budget,
    BudgetLine,
    EarmarkedProject,
    Fund,
    FundMovement,
    Mission,
    StaffPosition,
)
from budgets.services.budgets import _new_budget, budget_content_replace
from ism.audit import actor_or_none, audit_record, plain
from ism.models import Convention
from ism.money import format_amount
from ism.workflow import require_staff, status_phrase


def budget_import(
    *, data: dict, actor=None, replace: bool = False
) -> tuple[Budget, bool]:
    """Import a budget file; returns (budget, created).

    Everything is checked before anything is written, and every problem is raised
    together (ValidationError keyed by the path in the file). The figures must
    reproduce the file's published totals to the unit.

    A budget already there for the convention and year is not imported again:
    (existing, False) comes back unchanged. With replace=True the content of an
    existing draft is replaced (a budget that has left the draft stage is refused).
    Earmarked projects and the buffer fund's opening balance are added when
    missing and never duplicated.
    """
    plan = importer.read(data)
    convention = None
    if plan.convention_code:
        convention = Convention.objects.filter(code=plan.convention_code).first()
        if convention is None:
            plan.problem(
                "convention.code",
                f"no convention {plan.convention_code} in ISM (load_demo creates "
                "the three conventions)",
            )
        elif plan.currency and plan.currency != convention.currency:
            plan.problem(
                "currency",
                f"{plan.currency} is not the currency of the {convention.code} "
                f"budget ({convention.currency})",
            )
    if convention is not None:
        require_staff(actor, convention)
    plan.raise_if_any()
    _check_published_figures(plan)

    with transaction.atomic():
        # One import of a convention's year at a time: the second waits, then finds
        # the first one's budget.
        Convention.objects.select_for_update().filter(pk=convention.pk).first()
        existing = (
            Budget.objects.filter(convention=convention, year=plan.year)
            .order_by("-version")
            .first()
        )
        if existing is not None and not replace:
            return existing, False
        if existing is not None:
            if existing.status != Budget.Status.DRAFT:
                raise ValidationError(
                    {
                        "__all__": (
                            f"{existing} is {status_phrase(existing)}; "
                            "only a draft can be replaced by an import."
                        )
                    }
                )
            budget = budget_content_replace(
                budget=existing,
                actor=actor,
                content=plan.content,
                verb="replaced by import",
            )
            created = False
        else:
            budget = _new_budget(
                convention=convention,
                year=plan.year,
                version=1,
                actor=actor,
                content=plan.content,
                verb="imported",
                changes={"source": [None, plan.source or "budget file"]},
            )
            created = True
        _import_beside(plan, convention, budget, actor)
    return budget, created


def _check_published_figures(plan: importer.ImportPlan) -> None:
    """The published subtotals, total and fund coverage, reproduced to the unit
    from what was read — or the import is refused."""
    content = plan.content
    fields = content.fields
    draft = Budget(
        currency=plan.currency,
        salaries_total=fields.get("salaries_total"),
        social_security_rate=fields.get("social_security_rate"),
        social_security_amount=fields.get("social_security_amount"),
    )
    computed = figures(
        draft,
        positions=[StaffPosition(**row) for row in content.positions],
        lines=[BudgetLine(**row) for row in content.lines],
        missions=[Mission(**row) for row in content.missions],
    )
    for path, (name, published) in plan.expected.items():
        if name == "coverage":
            balance = plan.buffer_fund and plan.buffer_fund["balance"]
            value = coverage(balance, computed.total) if balance else None
        else:
            value = getattr(computed, name).amount
        if value != published:
            shown = (
                str(value)
                if name == "coverage" or value is None
                else format_amount(value, "en", places=_places(value))
            )
            plan.problem(
                path,
                f"the file publishes {published} but its figures give {shown}",
            )
    plan.raise_if_any()


def _places(value: Decimal) -> int:
    return 0 if value == value.to_integral_value() else 2


def _import_beside(plan, convention: Convention, budget: Budget, actor) -> None:
    """What the file says beside the budget: earmarked projects of the convention
    and the buffer fund's balance as published. Added once, never duplicated."""
    for row in plan.earmarked:
        project, created = EarmarkedProject.objects.get_or_create(
            convention=convention,
            donor=row["donor"],
            instrument=row["instrument"],
            defaults={k: v for k, v in row.items() if k not in ("donor", "instrument")},
        )
        if created:
            audit_record(
                actor=actor,
                verb="imported",
                obj=project,
                changes={
                    "amount": [None, f"{row['amount'].amount} {row['amount'].currency}"]
                },
            )
    if plan.buffer_fund is None:
        return
    fund, created = Fund.objects.get_or_create(
        convention=convention,
        kind=Fund.Kind.BUFFER,
        defaults={
            "name": "Buffer fund",
            "currency": budget.currency,
            "target_years": Decimal(1),
            "rule": plan.buffer_fund["rule"],
        },
    )
    if created:
        audit_record(actor=actor, verb="created by import", obj=fund)
    if fund.currency != budget.currency:
        raise ValidationError(
            {
                "buffer_fund": (
                    f"the {fund} is kept in {fund.currency}, not {budget.currency}"
                )
            }
        )
    balance: Money | None = plan.buffer_fund["balance"]
    if balance and balance.amount > 0 and not fund.movements.exists():
        source = plan.source or "the budget file"
        if len(source) > 270:
            source = source.split(" (")[0]
        movement = FundMovement.objects.create(
            fund=fund,
            date=dt.date(budget.year, 1, 1),
            kind=FundMovement.Kind.OPENING,
            amount=balance,
            purpose=f"Balance as published in {source}"[:300],
            recorded_by=actor_or_none(actor),
        )
        audit_record(
            actor=actor,
            verb="opening balance recorded",
            obj=fund,
            convention=convention,
            changes={"balance": [None, plain(movement.amount)]},
        )


__all__ = ["budget_import"]
