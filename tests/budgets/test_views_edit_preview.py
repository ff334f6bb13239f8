"""The figures beside the edit form follow what is typed: the page posts the whole
form to the preview endpoint (htmx) and shows the fragment it answers. Nothing is
saved, rows that are not valid are left out and the panel says so."""

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget
from ism.models import AuditEvent
from ism.money import format_amount, round_half_up
from tests.budgets.factories import (
    BudgetFactory,
    BudgetLineFactory,
    MissionFactory,
    StaffPositionFactory,
)
from tests.budgets.page_forms import add_row, form_data, row_index

SALARIES = [Decimal(180000), Decimal(95000)]
RATE = Decimal("0.195")
LINES = {"Staff travel": Decimal(50000), "Other support costs": Decimal(40000)}


@pytest.fixture
def budget(apmbc):
    budget = BudgetFactory(convention=apmbc, year=2027, social_security_rate=RATE)
    for title, salary in zip(["Director", "Officer"], SALARIES, strict=True):
        StaffPositionFactory(budget=budget, title=title, salary=Money(salary, "CHF"))
    for label, amount in LINES.items():
        BudgetLineFactory(budget=budget, label=label, amount=Money(amount, "CHF"))
    return budget


@pytest.fixture
def edit(client_for, isu_staff, budget):
    client = client_for(isu_staff)
    data = form_data(client.get(reverse("budgets:edit", args=[budget.pk])))
    preview = reverse("budgets:edit-preview", args=[budget.pk])
    return client, preview, data


def figure(response, name: str) -> str:
    html = response.content.decode()
    start = html.index(f'data-testid="figure-{name}">') + len(name) + 22
    return html[start : html.index("<", start)]


def total_of(salaries, lines, rate=RATE) -> str:
    """The total computed here, independently of budgets.calculations."""
    salaries = sum(salaries, Decimal(0))
    social_security = round_half_up(salaries * rate)
    return format_amount(salaries + social_security + sum(lines, Decimal(0)), "en")


def test_it_answers_the_figures_of_the_typed_values(edit, budget):
    client, preview, data = edit
    data[f"lines-{row_index(data, 'lines', 'label', 'Staff travel')}-amount"] = "52000"
    data[f"positions-{row_index(data, 'positions', 'title', 'Officer')}-salary"] = (
        "97,500"
    )

    response = client.post(preview, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    expected = total_of([Decimal(180000), Decimal(97500)], [Decimal(52000), 40000])
    assert figure(response, "total") == expected
    assert figure(response, "salaries") == "277,500"
    assert figure(response, "social-security") == format_amount(
        round_half_up(Decimal(277500) * RATE), "en"
    )
    assert figure(response, "operations-subtotal") == "92,000"
    # A fragment for the panel, not a page; the save bar's total comes along.
    html = response.content.decode()
    assert "<html" not in html
    assert (
        '<span id="sticky-total" class="sticky-total" data-hx-swap-oob="true">' in html
    )
    assert f"<strong>{expected}</strong>" in html


def test_it_saves_nothing(edit, budget):
    client, preview, data = edit
    data["social_security_rate"] = "25"

    client.post(preview, data)

    assert Budget.objects.get(pk=budget.pk).social_security_rate == RATE
    assert Budget.objects.get(pk=budget.pk).revision == 0
    assert not AuditEvent.objects.exists()


def test_the_published_total_and_an_explicit_amount_win(edit):
    client, preview, data = edit
    data["salaries_total"] = "568386"
    data["social_security_amount"] = "110835"

    response = client.post(preview, data)

    assert figure(response, "staff-subtotal") == "679,221"
    assert figure(response, "total") == format_amount(Decimal(679221 + 90000), "en")


def test_it_counts_added_rows_and_leaves_out_deleted_ones(edit):
    client, preview, data = edit
    add_row(data, "lines", category="communications", label="Website", amount="3000")
    data[f"lines-{row_index(data, 'lines', 'label', 'Other support costs')}-DELETE"] = (
        "on"
    )
    add_row(data, "positions", title="Assistant", fte="0.5", salary="")

    response = client.post(preview, data)

    assert figure(response, "total") == total_of(
        SALARIES, [LINES["Staff travel"], 3000]
    )
    assert figure(response, "fte") == "2.5"


def test_it_leaves_out_invalid_rows_and_says_so(edit):
    client, preview, data = edit
    data[f"lines-{row_index(data, 'lines', 'label', 'Staff travel')}-amount"] = "-5"
    data[f"positions-{row_index(data, 'positions', 'title', 'Officer')}-fte"] = "3"
    data["social_security_rate"] = "abc"

    response = client.post(preview, data)

    assert response.status_code == 200
    assert figure(response, "total") == total_of(
        [SALARIES[0]], [LINES["Other support costs"]], rate=Decimal(0)
    )
    html = response.content.decode()
    assert "2 rows with invalid values are not counted:" in html
    assert "Staff travel: An amount cannot be negative." in html
    assert "Officer: FTE must be more than 0 and at most 1." in html
    assert "Social security rate (%) is not valid and is not counted." in html


def test_it_computes_a_travel_line_from_the_mission_plan(edit, budget):
    client, _, data = edit
    MissionFactory(budget=budget, count=10, unit_cost=Money(3000, "CHF"))
    MissionFactory(budget=budget, count=5, unit_cost=Money(2000, "CHF"))
    data = form_data(client.get(reverse("budgets:edit", args=[budget.pk])))
    travel = row_index(data, "lines", "label", "Staff travel")
    data[f"lines-{travel}-from_missions"] = "on"
    data["missions-1-count"] = "6"

    response = client.post(reverse("budgets:edit-preview", args=[budget.pk]), data)

    assert figure(response, "operations-subtotal") == format_amount(
        Decimal(10 * 3000 + 6 * 2000 + 40000), "en"
    )


def test_the_edit_page_asks_for_figures_as_the_user_types(
    client_for, isu_staff, budget
):
    html = (
        client_for(isu_staff)
        .get(reverse("budgets:edit", args=[budget.pk]))
        .content.decode()
    )

    preview = reverse("budgets:edit-preview", args=[budget.pk])
    assert f'data-hx-post="{preview}"' in html
    assert 'data-hx-trigger="input changed delay:300ms' in html
    assert 'data-hx-target="#budget-figures"' in html
    assert "data-warn-unsaved" in html
    assert "js/budget_edit.js" in html
    # The initial figures are those of the stored budget.
    expected = total_of(SALARIES, LINES.values())
    assert f'data-testid="figure-total">{expected}<' in html


def test_only_staff_of_the_convention_get_figures(client_for, other_staff, budget):
    response = client_for(other_staff).post(
        reverse("budgets:edit-preview", args=[budget.pk]), {}
    )

    assert response.status_code == 404


def test_it_names_a_row_without_a_name_by_its_place(edit):
    client, preview, data = edit
    add_row(data, "lines", category="other", label="", amount="500")

    response = client.post(preview, data)

    assert "Line row 3: Enter a label for the line." in response.content.decode()
    assert figure(response, "total") == total_of(SALARIES, LINES.values())
