"""Contributions: assessments on the adjusted UN scale, previewed, then issued.

An assessment is computed (budgets.contributions.assessment) and shown before anything
is saved; staff confirm, and assessment_issue saves it and issues one invoice per State
in one transaction — all or nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Required, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.assessment import AssessmentImpossible, assess
from budgets.contributions.services.common import clean_amount
from budgets.contributions.services.scale import scale_for
from budgets.models import (
    Assessment,
    AssessmentLine,
    Budget,
    Invoice,
    ScaleRate,
    ScaleTable,
)
from budgets.services.values import Problems
from ism.audit import actor_or_none, audit_record, plain
from ism.models import Convention, State
from ism.selectors import base_instrument, members_of
from ism.workflow import require_staff

Method = Assessment.Method


# --- Assessment: preview, then issue -------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    state: State
    rate: Decimal
    share: Decimal
    amount: Money
    floor_applied: bool
    ceiling_applied: bool
    last_year: Money | None
    change: Money | None


@dataclass(frozen=True)
class AssessmentPreview:
    convention: Convention
    year: int
    method: str
    amount: Money
    floor: Money | None
    ceiling: Decimal | None
    scale: ScaleTable
    rows: list[AssessmentRow]
    # States Parties that cannot be assessed: no rate in the scale.
    unrated: list[State] = field(default_factory=list)
    already_issued: bool = False

    @property
    def total(self) -> Money:
        return Money(
            sum((r.amount.amount for r in self.rows), Decimal(0)), self.currency
        )

    @property
    def currency(self) -> str:
        return self.convention.currency

    @property
    def illustrative(self) -> bool:
        return self.scale.illustrative

    @property
    def digest(self) -> str:
        """A fingerprint of the figures shown, so confirming issues exactly them."""
        text = (
            "|".join(f"{r.state.iso3}:{r.amount.amount}" for r in self.rows)
            + f"|{self.amount.amount}|{self.scale.pk}"
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def paying_states(convention: Convention, year: int) -> list[State]:
    """States Parties of the convention during `year`: bound by its base
    instrument (the Convention) on some day of the year — in force by its last
    day (or with no date recorded), no withdrawal in effect from its first."""
    base = base_instrument(convention)
    if base is None:
        return []
    return list(members_of(base, on=dt.date(year, 1, 1), until=dt.date(year, 12, 31)))


def _last_year_amounts(convention: Convention, year: int) -> dict[int, Decimal]:
    rows = (
        Invoice.objects.filter(
            convention=convention,
            year=year - 1,
            kind=Invoice.Kind.INVOICE,
            cancelled=False,
            issued_at__isnull=False,
        )
        .values("state_id")
        .annotate(total=Sum("amount"))
    )
    return {row["state_id"]: row["total"] for row in rows}


class AssessmentTerms(TypedDict, total=False):
    """What staff ask to assess: assessment_preview's arguments, which
    assessment_issue takes too, so that it issues what the preview showed."""

    convention: Required[Convention]
    year: Required[int]
    amount: Required[Money]
    method: str
    floor: Money | None
    ceiling: Decimal | None
    scale: ScaleTable | None


# The terms staff may leave out.
_TERM_DEFAULTS = AssessmentTerms(
    method=Method.ASSESSED, floor=None, ceiling=None, scale=None
)


def _clean_assessment_input(terms: AssessmentTerms) -> ScaleTable:
    """The scale the terms assess on, once the terms are valid."""
    convention, year, ceiling = terms["convention"], terms["year"], terms["ceiling"]
    p = Problems()
    if terms["method"] not in (Method.ASSESSED, Method.MIXED):
        p.add(
            "method",
            _(
                "Only an assessment on the UN scale is split among States; "
                "voluntary contributions are recorded as pledges."
            ),
        )
    if not isinstance(year, int) or not (1990 <= year <= 2200):
        p.add("year", _("Enter a year."))
    clean_amount(p, "amount", terms["amount"], currency=convention.currency)
    clean_amount(
        p, "floor", terms["floor"], currency=convention.currency, required=False
    )
    if ceiling is not None and (
        not isinstance(ceiling, Decimal) or not (0 < ceiling <= 1)
    ):
        p.add("ceiling", _("A share above 0 and at most 1 (0.22 for 22%)."))
    p.raise_if_any()
    scale = terms["scale"]
    if scale is None:
        scale = scale_for(year)
    if scale is None:
        raise ValidationError(
            {"scale": _("No scale of assessment covers %(year)s.") % {"year": year}}
        )
    if not scale.covers(year):
        raise ValidationError(
            {
                "scale": _("%(scale)s does not cover %(year)s.")
                % {"scale": scale, "year": year}
            }
        )
    return scale


def assessment_preview(*, actor, **given: Unpack[AssessmentTerms]) -> AssessmentPreview:
    """Every paying State's amount, the total and the change from last year.
    Saves nothing."""
    terms: AssessmentTerms = {**_TERM_DEFAULTS, **given}
    convention, year, amount = terms["convention"], terms["year"], terms["amount"]
    floor = terms["floor"]
    require_staff(actor, convention)
    scale = terms["scale"] = _clean_assessment_input(terms)
    states = paying_states(convention, year)
    rates = {
        r.state_id: r.rate
        for r in ScaleRate.objects.filter(table=scale, state__in=states)
    }
    rated = [s for s in states if s.pk in rates]
    unrated = [s for s in states if s.pk not in rates]
    try:
        split = assess(
            {s.pk: rates[s.pk] for s in rated},
            amount.amount,
            floor=floor.amount if floor is not None else None,
            ceiling=terms["ceiling"],
        )
    except AssessmentImpossible as exc:
        raise ValidationError({"__all__": str(exc)}) from exc
    last = _last_year_amounts(convention, year)
    currency = convention.currency
    rows = []
    for state in rated:
        share = split[state.pk]
        previous = last.get(state.pk)
        rows.append(
            AssessmentRow(
                state=state,
                rate=share.rate,
                share=share.share,
                amount=Money(share.amount, currency),
                floor_applied=share.floor_applied,
                ceiling_applied=share.ceiling_applied,
                last_year=Money(previous, currency) if previous is not None else None,
                change=Money(share.amount - previous, currency)
                if previous is not None
                else None,
            )
        )
    return AssessmentPreview(
        **terms,
        rows=rows,
        unrated=unrated,
        already_issued=Assessment.objects.filter(
            convention=convention, year=year, status=Assessment.Status.ISSUED
        ).exists(),
    )


def adopted_budget(convention: Convention, year: int) -> Budget | None:
    return (
        Budget.objects.filter(
            convention=convention, year=year, status=Budget.Status.ADOPTED
        )
        .order_by("-version")
        .first()
    )


@transaction.atomic
def assessment_issue(
    *,
    budget: Budget | None = None,
    issue_date: dt.date | None = None,
    due_date: dt.date | None = None,
    digest: str | None = None,
    actor,
    **terms: Unpack[AssessmentTerms],
) -> Assessment:
    """Save the assessment staff confirmed and issue one invoice per State.
    `terms` are assessment_preview's; `digest` is the preview's fingerprint: when
    the figures changed since the preview (a State joined, a scale was loaded),
    nothing is issued."""
    from budgets.contributions.services.issuing_many import invoice_issue_many

    require_staff(actor, terms["convention"])
    # One assessment of a convention at a time: a second confirmation (a double
    # click, two staff members) waits here, then finds the first one issued.
    terms["convention"] = Convention.objects.select_for_update().get(
        pk=terms["convention"].pk
    )
    preview = assessment_preview(**terms, actor=actor)
    convention, year = preview.convention, preview.year
    _refuse_issued_already(preview, digest)
    if budget is None:
        budget = adopted_budget(convention, year)
    issue_date = issue_date or timezone.localdate()
    assessment = _assessment_save(
        preview, budget=budget, issue_date=issue_date, due_date=due_date, actor=actor
    )
    invoice_issue_many(
        drafts=[
            Invoice(
                convention=convention,
                year=year,
                state=row.state,
                assessment=assessment,
                amount=row.amount,
                budget=budget,
                due_date=due_date,
            )
            for row in preview.rows
        ],
        actor=actor,
        issue_date=issue_date,
        due_date=due_date,
    )
    return assessment


def _refuse_issued_already(preview: AssessmentPreview, digest: str | None) -> None:
    """Nothing is issued twice, nor other figures than the ones staff saw: not
    when the year's assessment is issued, not when the preview's figures changed
    since, not when a State has a live invoice of the year."""
    convention, year = preview.convention, preview.year
    if preview.already_issued:
        raise ValidationError(
            {
                "__all__": _(
                    "The %(year)s assessment of the %(code)s is issued already; "
                    "correct a State's invoice by cancelling and re-issuing it."
                )
                % {"year": year, "code": convention.code}
            }
        )
    if digest is not None and digest != preview.digest:
        raise ValidationError(
            {
                "__all__": _(
                    "The figures changed since the preview. Look at them again "
                    "before issuing."
                )
            }
        )
    invoiced = set(
        Invoice.objects.filter(
            convention=convention, year=year, kind=Invoice.Kind.INVOICE, cancelled=False
        ).values_list("state__name", flat=True)
    )
    if invoiced:
        raise ValidationError(
            {
                "__all__": _("These States already have a %(year)s invoice: %(names)s.")
                % {"year": year, "names": ", ".join(sorted(invoiced))}
            }
        )


def _assessment_save(
    preview: AssessmentPreview,
    *,
    budget: Budget | None,
    issue_date: dt.date,
    due_date: dt.date | None,
    actor,
) -> Assessment:
    """The assessment as previewed, with its line per State, and its audit."""
    assessment = Assessment.objects.create(
        convention=preview.convention,
        year=preview.year,
        budget=budget,
        scale=preview.scale,
        method=preview.method,
        amount=preview.amount,
        floor=preview.floor,
        ceiling=preview.ceiling,
        status=Assessment.Status.ISSUED,
        issue_date=issue_date,
        due_date=due_date,
        created_by=actor_or_none(actor),
    )
    AssessmentLine.objects.bulk_create(
        AssessmentLine(
            assessment=assessment,
            state=row.state,
            rate=row.rate,
            share=row.share.quantize(Decimal("1e-12")),
            amount=row.amount,
            floor_applied=row.floor_applied,
            ceiling_applied=row.ceiling_applied,
        )
        for row in preview.rows
    )
    audit_record(
        actor=actor,
        verb="assessment issued",
        obj=assessment,
        changes={
            "amount": [None, plain(preview.amount)],
            "method": [None, preview.method],
            "floor": [None, plain(preview.floor)],
            "ceiling": [None, plain(preview.ceiling)],
            "scale": [None, str(preview.scale)],
            "invoices": [None, len(preview.rows)],
        },
    )
    return assessment
