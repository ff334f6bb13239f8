"""The budget document: the PDF in the layout of the published ISU budgets.

The figures come from budgets.selectors.budget_view (itself budgets.calculations),
so the document, the page, the API and the Excel export cannot disagree. Numbers are
formatted for the document's language with ism.money.format_amount.

The PDF is rendered by a task (budgets.tasks.budget_render_pdf) after every change
and stored once per revision; see budget_pdf_render for how two renders racing on
the same budget are kept from storing an older document over a newer one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel import Locale
from babel.numbers import format_decimal, format_percent
from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from budgets.models import Budget
from budgets.selectors import BudgetView, budget_view
from ism.document_languages import (
    ORIGINAL_LANGUAGE,
    in_language,
    store_translated,
    translation_language,
    version_lines,
)
from ism.documents import render_pdf
from ism.money import babel_locale, format_amount
from ism.stored_documents import StoredDocument, row_to_render, store_row_pdf
from ism.translated import any_untranslated

# The last digit of a number pattern, before its percent sign ("#,##0 %").
_ONE_DECIMAL = re.compile(r"0(?=[^0-9#,.]*%)")

PDF_TEMPLATE = "pdf/budget.html"
# Where rendered documents are kept, one folder per budget and revision, so that the
# file itself carries the meaningful name and two revisions never share a path.
PDF_FOLDER = "budgets/pdf"


def budget_filename(budget: Budget, extension: str) -> str:
    """The ISU's name for the file, e.g. "APMBC-ISU-budget-2026-v1.pdf"."""
    return (
        f"{budget.convention.code}-ISU-budget-{budget.year}-v{budget.version}"
        f".{extension}"
    )


# --- Formatting ----------------------------------------------------------------------


def _amount(money, language: str) -> str:
    return format_amount(money.amount, language)


def _fte(value: Decimal, language: str) -> str:
    # 3.6, 1.0, 0.5: one decimal at least, two when the FTE has them (0.75).
    return format_decimal(value, format="0.0#", locale=babel_locale(language))


def _percent(ratio: Decimal, language: str, *, decimals: str = "0") -> str:
    """The locale's percent pattern with one decimal place: 0.986 → "98.6%" (en),
    "98,6%" (fr-CH), "98,6 %" (es). decimals="#" drops a zero one: 0.20 → "20%"."""
    locale = Locale.parse(babel_locale(language))
    pattern = _ONE_DECIMAL.sub(
        f"0.{decimals}", locale.percent_formats[None].pattern, count=1
    )
    return format_percent(ratio, format=pattern, locale=locale)


# --- Context --------------------------------------------------------------------------


def budget_pdf_context(budget: Budget, language: str) -> dict:
    """Everything the template shows, with figures already formatted for `language`.

    `budget` should come with its rows prefetched (budget_document_queryset or
    budgets.selectors.budget_detail_queryset); the number of queries then does not
    depend on the number of lines.
    """
    with translation.override(language):
        # The document prints no comparison with the year before.
        return _context(budget_view(budget, with_previous=False), language)


def _context(view: BudgetView, language: str) -> dict:
    budget, figures = view.budget, view.figures
    staff = _staff(view, language)
    missions = _missions(view, language)
    lines = _lines(view, language)
    notes = [n for n in budget.notes.all() if n.kind == n.Kind.NOTE]
    assumptions = [n for n in budget.notes.all() if n.kind == n.Kind.ASSUMPTION]
    funds = _funds(view, language)
    in_kind = _in_kind(budget, language)
    earmarked = _earmarked(view, language)
    convention = budget.convention
    return {
        "budget": budget,
        "convention": convention,
        "title": budget.title
        or _("%(code)s Implementation Support Unit: budget %(year)s")
        % {"code": convention.code, "year": budget.year},
        "currency": budget.currency,
        "version_lines": version_lines(language),
        **staff,
        "lines": lines,
        "lines_with_notes": [line for line in lines if line["note"]],
        **missions,
        "operations_subtotal": _amount(figures.operations_subtotal, language),
        "total": _amount(figures.total, language),
        "notes": notes,
        "assumptions": assumptions,
        "untranslated": any_untranslated(
            [*budget.lines.all(), *budget.notes.all()], language
        ),
        "funds": funds,
        "in_kind": in_kind,
        "earmarked": earmarked,
    }


def _staff(view: BudgetView, language: str) -> dict:
    """The positions and the staff figures, each with what it rests on."""
    budget, figures = view.budget, view.figures
    positions = list(budget.positions.all())
    # A rate says how the figure was made; an explicit amount with a rate beside
    # it is an estimate (CCM 2024: "estimate (20% of salaries)"); one without a
    # rate is simply the published figure.
    social_security_note = ""
    if budget.social_security_rate is not None:
        rate = _percent(budget.social_security_rate, language, decimals="#")
        if figures.social_security_source == "rate":
            social_security_note = _("%(rate)s of salaries") % {"rate": rate}
        elif figures.social_security_source == "explicit amount":
            social_security_note = _("estimate (%(rate)s of salaries)") % {"rate": rate}
    salaries_note = (
        _("published total")
        if figures.salaries_source == "published total" and positions
        else ""
    )
    return {
        "positions": [
            {
                "title": p.title,
                "grade": p.grade,
                "fte": _fte(p.fte, language),
                "salary": _amount(p.salary, language) if p.salary is not None else "",
            }
            for p in positions
        ],
        "show_grades": any(p.grade for p in positions),
        "show_salaries": any(p.salary is not None for p in positions),
        "total_fte": _fte(figures.total_fte, language),
        "salaries": _amount(figures.salaries, language),
        # The ISU's own note, where it wrote one, is what the document says.
        "salaries_note": budget.salaries_note or salaries_note,
        "social_security": _amount(figures.social_security, language),
        "social_security_note": budget.social_security_note or social_security_note,
        "staff_subtotal": _amount(figures.staff_subtotal, language),
    }


def _missions(view: BudgetView, language: str) -> dict:
    missions = list(view.budget.missions.all())
    rows = []
    for mission in missions:
        cost = mission.unit_cost * mission.count if mission.unit_cost else None
        rows.append(
            {
                "purpose": mission.purpose,
                "count": mission.count,
                "haul": mission.get_haul_display() if mission.haul else "",
                "unit_cost": _amount(mission.unit_cost, language)
                if mission.unit_cost
                else "",
                "cost": _amount(cost, language) if cost is not None else "",
            }
        )
    return {
        "missions": rows,
        "missions_count": view.figures.missions_count,
        "missions_costed": any(m.unit_cost is not None for m in missions),
        "missions_haul": any(m.haul for m in missions),
    }


def _lines(view: BudgetView, language: str) -> list[dict]:
    return [
        {
            "label": figure.label,
            "amount": _amount(figure.amount, language),
            "note": line.note,
            "from_missions": line.from_missions,
            "row": line,
        }
        for line, figure in zip(
            view.budget.lines.all(), view.figures.lines, strict=True
        )
    ]


def _funds(view: BudgetView, language: str) -> list[dict]:
    return [
        {
            "name": status.fund.name,
            "kind": status.fund.get_kind_display(),
            "balance": _amount(status.balance, language),
            "currency": str(status.balance.currency),
            "target": _amount(status.target, language) if status.target else "—",
            "target_years": _fte(status.fund.target_years, language),
            "coverage": _percent(status.coverage, language)
            if status.coverage is not None
            else "",
            "rule": status.fund.rule,
        }
        for status in view.funds
    ]


def _in_kind(budget: Budget, language: str) -> list[dict]:
    return [
        {
            "provider": item.provider,
            "covers": item.covers,
            "value": (
                f"{item.estimated_value.currency} "
                f"{_amount(item.estimated_value, language)}"
                if item.estimated_value is not None
                else ""
            ),
            "valuation_note": item.valuation_note,
        }
        for item in budget.in_kind.all()
    ]


def _earmarked(view: BudgetView, language: str) -> list[dict]:
    return [
        {
            "name": project.name,
            "donor": project.donor,
            "instrument": project.instrument,
            "agreed_on": project.agreed_on,
            # In the project's own currency (EUR 2,700,000), never converted.
            "amount": f"{project.amount.currency} {_amount(project.amount, language)}",
            # The period as published ("2025-2029 (four years of activities)"),
            # else the years.
            "period": project.period_note
            or (
                f"{project.start_year}–{project.end_year}"
                if project.end_year != project.start_year
                else str(project.start_year)
            ),
            "covers": project.covers,
        }
        for project in view.earmarked
    ]


# --- Rendering and storing -----------------------------------------------------------


def budget_document_queryset():
    """Every budget with the rows its document needs. Unscoped: it is read by the
    render task, which acts for the system, never to answer a user.

    The children are read through their models' base managers, in the same
    order (their Meta's): the default managers are django-money's, which wrap
    every method of every queryset they make so that a filter may name a Money
    (a read made five, ~20% of its CPU, bench/README.md, pdf.budget); none of
    these filters on one."""
    budget = Budget._meta
    return Budget.objects.select_related("convention").prefetch_related(
        *(
            Prefetch(
                name, queryset=budget.get_field(name).related_model._base_manager.all()
            )
            for name in ("positions", "lines", "missions", "notes", "in_kind")
        )
    )


def budget_pdf_bytes(budget: Budget, language: str | None = None) -> bytes:
    language = language or ORIGINAL_LANGUAGE
    return render_pdf(
        PDF_TEMPLATE, budget_pdf_context(budget, language), language=language
    )


def budget_pdf_render(*, budget_id: int, language: str | None = None) -> bool:
    """Render and store the budget's PDF unless the stored one is current.

    Returns True when this call stored a new document. Safe to run twice and
    concurrently: the document is rendered for the revision read at the start and
    stored only over an older one (ism.stored_documents.store_if_newer), so an
    older document never replaces a newer one. In another `language` than its
    own, its version in that language (ism.document_languages).
    """
    budget = row_to_render(budget_document_queryset(), budget_id)
    if budget is None:
        return False
    if translation_language(language):
        return store_translated(
            kind="budget",
            owner_id=budget.pk,
            language=language,
            revision=budget.revision,
            filename=budget_filename(budget, "pdf"),
            content=lambda: budget_pdf_bytes(budget, language),
        )
    if budget_stored(budget).ready or budget.pdf_revision > budget.revision:
        return False
    return store_row_pdf(
        budget,
        content=budget_pdf_bytes(budget),
        folder=f"{PDF_FOLDER}/{budget.pk}",
        filename=budget_filename(budget, "pdf"),
    )


def budget_stored(budget: Budget, language: str | None = None) -> StoredDocument:
    """The budget's document as its page and the API serve it, in `language`
    (default: its own)."""
    from budgets.tasks import budget_render_pdf

    document = _budget_own_stored(budget)
    return in_language(document, language, "budget", budget, budget_render_pdf)


def _budget_own_stored(budget: Budget) -> StoredDocument:
    from budgets.tasks import budget_render_pdf

    return StoredDocument(
        storage=budget.pdf.storage,
        name=budget.pdf.name or "",
        current=budget.pdf_is_current,
        filename=budget_filename(budget, "pdf"),
        render_key=(
            f"budgets:pdf-render-requested:{budget.pk}:"
            f"{budget.created_at.timestamp()}:{budget.revision}"
        ),
        render=lambda: budget_render_pdf.delay(budget.pk),
        reload=lambda: budget_stored(
            Budget.objects.select_related("convention").get(pk=budget.pk)
        ),
    )
