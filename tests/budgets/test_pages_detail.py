"""The budget's page shows the budget as the published document lays it out, with
the published figures of the APMBC 2026 budget reproduced to the unit."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from budgets.services import budget_import
from ism.money import format_amount, round_half_up

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def reference(name):
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


@pytest.fixture
def apmbc_2026(apmbc):
    data = reference("apmbc-2026-budget.json")
    budget, _ = budget_import(data=data)
    return budget, data


def shown(html: str, testid: str) -> str:
    marker = f'data-testid="{testid}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_it_shows_the_published_figures(client_for, isu_staff, apmbc_2026):
    budget, data = apmbc_2026
    expected = data["expected_totals"]

    html = client_for(isu_staff).get(budget.get_absolute_url()).content.decode()

    assert shown(html, "staff-subtotal") == format_amount(
        Decimal(expected["staff_subtotal"]), "en"
    )  # 679,221
    assert shown(html, "operations-subtotal") == format_amount(
        Decimal(expected["travel_and_other_subtotal"]), "en"
    )  # 90,000
    assert shown(html, "budget-total") == format_amount(
        Decimal(expected["total"]), "en"
    )  # 769,221
    assert shown(html, "salaries") == "568,386"
    assert shown(html, "social-security") == "110,835"
    assert shown(html, "total-fte") == data["staff"]["total_fte"]  # 3.6
    assert "Staff travel" in html and "50,000" in html


def test_it_shows_social_security_as_a_rate_of_salaries(client_for, other_staff, ccm):
    data = reference("ccm-2024-budget.json")
    budget, _ = budget_import(data=data)

    html = client_for(other_staff).get(budget.get_absolute_url()).content.decode()

    rate = Decimal(data["social_security_rate"]) * 100  # 20
    assert f"{rate:f}".rstrip("0").rstrip(".") + "% of salaries" in html
    assert shown(html, "budget-total") == format_amount(
        Decimal(data["expected_totals"]["total"]), "en"
    )  # 477,724
    # round(20% × 348,103) = 69,621 (69,620.6 rounded half-up)
    assert shown(html, "social-security") == format_amount(
        round_half_up(Decimal("348103") * rate / 100), "en"
    )


def test_it_shows_what_sits_outside_the_total(client_for, isu_staff, apmbc_2026):
    budget, data = apmbc_2026

    html = client_for(isu_staff).get(budget.get_absolute_url()).content.decode()

    coverage = Decimal(data["buffer_fund"]["coverage_of_total"]) * 100
    assert shown(html, "fund-coverage") == f"{coverage:.1f}%"  # 98.6%
    assert shown(html, "fund-balance") == "CHF 758,655"
    assert "Council Decision (CFSP) 2025/781" in html
    assert "EUR 2,700,000" in html
    assert "GICHD (funded by Switzerland)" in html


def test_it_formats_figures_for_the_language_as_the_documents_do(
    client_for, isu_staff, apmbc_2026
):
    budget, data = apmbc_2026
    client = client_for(isu_staff)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})

    html = client.get(budget.get_absolute_url()).content.decode()

    total = Decimal(data["expected_totals"]["total"])
    assert shown(html, "budget-total") == format_amount(total, "fr")
    assert shown(html, "budget-total") != format_amount(total, "en")


def test_it_links_the_documents_and_the_comparison(client_for, isu_staff, apmbc_2026):
    budget, _ = apmbc_2026

    html = client_for(isu_staff).get(budget.get_absolute_url()).content.decode()

    assert f'href="/budgets/{budget.pk}/pdf/"' in html
    assert f'href="/budgets/{budget.pk}/xlsx/"' in html
    assert f'href="/budgets/{budget.pk}/compare/"' in html


def test_it_reads_the_budget_in_a_fixed_number_of_queries(
    client_for, isu_staff, apmbc, django_assert_max_num_queries
):
    from tests.budgets.factories import budget_with

    client = client_for(isu_staff)
    # Each with a previous year of its own size (the page compares with it).
    small, large = (
        [
            budget_with(
                lines=n, positions=n, missions=n, notes=n, convention=apmbc, year=year
            )
            for year in years
        ][-1]
        for n, years in ((5, (2025, 2026)), (50, (2029, 2030)))
    )
    client.get(small.get_absolute_url())
    with django_assert_max_num_queries(40) as counted:
        client.get(small.get_absolute_url())

    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(large.get_absolute_url())
