"""Side by side with the previous year: previous, current, change and change %."""

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from tests.budgets.factories import BudgetFactory, BudgetLineFactory

Status = Budget.Status


def with_lines(budget, **amounts):
    for label, amount in amounts.items():
        BudgetLineFactory(
            budget=budget, label=label.replace("_", " "), amount=Money(amount, "CHF")
        )
    return budget


@pytest.fixture
def years(apmbc):
    previous = with_lines(
        BudgetFactory(
            convention=apmbc,
            year=2026,
            status=Status.ADOPTED,
            social_security_rate=None,
        ),
        Staff_travel=50000,
        Other_support_costs=40000,
    )
    current = with_lines(
        BudgetFactory(convention=apmbc, year=2027, social_security_rate=None),
        Staff_travel=52000,
        Other_support_costs=40000,
        Website=3000,
    )
    return previous, current


def rows(html):
    """{label: [previous, current, change, change %]} of the comparison table."""
    import re

    table = html[html.index('class="data compare"') :]
    result = {}
    for row in re.findall(
        r"<tr[^>]*data-testid=\"variance-\d+\">(.*?)</tr>", table, re.S
    ):
        cells = [c.strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        result[cells[0]] = cells[1:]
    return result


def test_it_shows_each_line_with_its_change(client_for, isu_staff, years):
    _, current = years

    html = (
        client_for(isu_staff)
        .get(reverse("budgets:compare", args=[current.pk]))
        .content.decode()
    )

    table = rows(html)
    assert table["Staff travel"] == ["50,000", "52,000", "+2,000", "+4%"]
    assert table["Other support costs"] == ["40,000", "40,000", "0", "0%"]
    assert table["Website"] == ["—", "3,000", "—", "—"]
    # 95,000 against 90,000: +5,000, +5.6% (5,000 ÷ 90,000 = 5.555… → 5.6)
    change = (Decimal(95000) - 90000) * 100 / 90000
    assert table["Total"] == ["90,000", "95,000", "+5,000", f"+{change:.1f}%"]
    assert "2027 compared with 2026" in html


def test_it_says_when_there_is_no_previous_year(client_for, isu_staff, years):
    previous, _ = years

    html = (
        client_for(isu_staff)
        .get(reverse("budgets:compare", args=[previous.pk]))
        .content.decode()
    )

    assert 'data-testid="no-previous"' in html
    assert rows(html)["Total"] == ["—", "90,000", "—", "—"]


def test_a_public_comparison_does_not_reveal_a_previous_draft(client, apmbc):
    with_lines(
        BudgetFactory(convention=apmbc, year=2026, status=Status.DRAFT),
        Secret_line=12345,
    )
    public = with_lines(
        BudgetFactory(convention=apmbc, year=2027, status=Status.CIRCULATED),
        Staff_travel=1000,
    )

    html = client.get(reverse("budgets:compare", args=[public.pk])).content.decode()

    assert "Secret line" not in html
    assert "12,345" not in html
    assert 'data-testid="no-previous"' in html
