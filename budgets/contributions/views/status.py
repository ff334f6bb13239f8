"""The contributions' pages for the ISU: where to start (the index), a
convention's collection status for a year with each State's position, arrears on
closed years and the funds, and its Excel export. Invoices, payments and the
assessment have their own modules; a State's own page is budgets.
views_invoices_documents.state_contributions.

Staff and auditors of the convention read these pages (ism.access.
can_read_accounts); a State's focal point is sent to their State's page; others get
a 403.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from budgets.contributions import selectors
from budgets.contributions.exports import status_workbook
from budgets.contributions.views.documents import documents_progress
from budgets.models import Assessment, ScaleTable
from ism import params
from ism.access import (
    audited_conventions,
    can_manage,
    can_read_accounts,
    focal_points_of,
    require_read_accounts,
)
from ism.models import Convention, State
from ism.pages import download
from ism.spreadsheets import XLSX_CONTENT_TYPE

# The pages' names for the access policy's questions (invoices and pledges import
# them from here).
reads_accounts = can_read_accounts


def reading_convention(user, code: str) -> Convention:
    """The convention whose accounts the user may read, else 403: the convention
    itself is public, its accounts are not."""
    convention = get_object_or_404(Convention, code=code.upper())
    require_read_accounts(user, convention)
    return convention


def chosen_year(request, convention, years: list[int] | None = None) -> int:
    """?year=, else the newest year invoiced (`years`: assessment_years, when the
    caller has read them already)."""
    if years is None:
        years = selectors.assessment_years(convention=convention)
    default = years[0] if years else timezone.localdate().year
    return params.query_year(request, default=default)


@require_GET
def contributions_index(request):
    conventions = list(audited_conventions(request.user))
    rows = []
    for convention in conventions:
        year = chosen_year(request, convention)
        rows.append(
            (
                convention,
                year,
                selectors.contribution_status(convention=convention, year=year),
            )
        )
    focal = [
        (State.objects.get(pk=state_id), Convention.objects.get(pk=convention_id))
        for state_id, convention_id in sorted(focal_points_of(request.user))
    ]
    return render(
        request,
        "budgets/contributions/index.html",
        {"rows": rows, "focal_points": focal},
    )


def illustrative_assessment(convention, year) -> Assessment | None:
    """The year's assessment when it used an illustrative scale: every page
    showing its figures says so."""
    return (
        Assessment.objects.filter(
            convention=convention, year=year, scale__illustrative=True
        )
        .select_related("scale")
        .first()
    )


def as_at(request) -> tuple:
    """?as_of=YYYY-MM-DD: the day the figures are as at (payments by their value
    date, invoices by their issue date), and the day the page says it shows —
    the one asked for, else today."""
    as_of = params.query_day(request, "as_of")
    return as_of, as_of or timezone.localdate()


def _status_figures(request, convention, year: int, as_of) -> dict:
    """What the page and its Excel show: the year's status per currency, each
    State's position and the arrears on closed years, as at `as_of`."""
    positions = selectors.state_positions(
        user=request.user, convention=convention, year=year, as_of=as_of
    )
    return {
        "statuses": selectors.collection_by_currency(
            convention=convention, year=year, as_of=as_of
        ),
        "positions": positions,
        "arrears": selectors.Arrears.of_positions(
            positions, currency=convention.currency
        ),
    }


@require_GET
def contributions_status(request, code: str):
    convention = reading_convention(request.user, code)
    years = selectors.assessment_years(convention=convention)
    year = chosen_year(request, convention, years)
    as_of, shown = as_at(request)
    user = request.user
    context = {
        "convention": convention,
        "year": year,
        "years": years,
        "as_of": as_of,
        "shown_on": shown,
        **_status_figures(request, convention, year, as_of),
        "funds": selectors.fund_balances(convention=convention, year=year, on=as_of),
        "illustrative": illustrative_assessment(convention, year),
        "can_manage": can_manage(user, convention),
    }
    if context["can_manage"]:
        context["progress"] = documents_progress(user, convention, year)
    return render(request, "budgets/contributions/status.html", context)


@require_GET
def contributions_xlsx(request, code: str, year: int):
    convention = reading_convention(request.user, code)
    as_of, shown = as_at(request)
    data = status_workbook(
        convention=convention,
        year=year,
        **_status_figures(request, convention, year, as_of),
        illustrative=illustrative_assessment(convention, year) is not None,
        as_of=shown,
    )
    filename = f"{convention.code}-contributions-{year}.xlsx"
    return download(data, filename, XLSX_CONTENT_TYPE)


# --- The scale of assessment: public, as the General Assembly publishes it ----------


@login_not_required
@require_GET
def scale_list(request):
    return render(
        request,
        "budgets/contributions/scale_list.html",
        {"tables": ScaleTable.objects.all()},
    )


@login_not_required
@require_GET
def scale_detail(request, pk: int):
    table = get_object_or_404(ScaleTable, pk=pk)
    rates = table.rates.select_related("state").order_by("state__name")
    return render(
        request,
        "budgets/contributions/scale_detail.html",
        {"table": table, "rates": rates},
    )
