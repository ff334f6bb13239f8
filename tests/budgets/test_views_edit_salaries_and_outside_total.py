"""The edit page shows the positions' salaries beside a published salaries total
that differs from them, and says which one the total uses; the notes of the
staff-cost lines and the support in kind are entered on it and reach the budget
page and the document."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from djmoney.money import Money

from budgets.models import Budget, EarmarkedProject
from ism.models import AuditEvent
from tests.budgets.factories import BudgetFactory, StaffPositionFactory
from tests.budgets.page_forms import add_row, edit_page, form_data, row_index

SALARIES = [Decimal(180000), Decimal(95000)]  # 275,000 from the positions
# An earmarked project as typed on the edit page.
EU_PROJECT = {
    "name": "Support to the implementation of the Convention",
    "donor": "European Union",
    "instrument": "Council Decision (CFSP) 2025/781",
    "amount": "EUR 2,700,000",
    "start_year": "2025",
    "end_year": "2029",
    "covers": "universalization, national implementation",
}


@pytest.fixture
def budget(apmbc):
    budget = BudgetFactory(convention=apmbc, year=2027)
    for title, salary in zip(["Director", "Officer"], SALARIES, strict=True):
        StaffPositionFactory(budget=budget, title=title, salary=Money(salary, "CHF"))
    return budget


@pytest.fixture
def edit(client_for, isu_staff, budget):
    return edit_page(client_for(isu_staff), budget)


def between(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    start = html.index(">", start) + 1
    return html[start : html.index("</", start)]


def test_a_published_total_that_differs_from_the_positions_is_marked(edit, budget):
    client, _url, data = edit
    data["salaries_total"] = "300000"

    html = client.post(
        reverse("budgets:edit-preview", args=[budget.pk]), data
    ).content.decode()

    assert between(html, "figure-salaries") == "300,000"  # the total uses it
    assert between(html, "positions-salaries") == "275,000"
    assert "CHF 25,000 different from the published total" in html
    assert "the total uses the published total, not the positions" in html
    # Swapped in beside the field as the user types (htmx out of band).
    assert 'id="salaries-comparison" class="help warning"' in html


def test_a_position_typed_under_a_published_total_shows_its_sum(edit, budget):
    client, _url, data = edit
    data["salaries_total"] = "275000"
    add_row(data, "positions", title="Assistant", grade="", fte="0.5", salary="40000")

    html = client.post(
        reverse("budgets:edit-preview", args=[budget.pk]), data
    ).content.decode()

    assert between(html, "positions-salaries") == "315,000"
    assert between(html, "figure-salaries") == "275,000"
    assert "CHF 40,000 different from the published total" in html


def test_without_a_published_total_the_positions_make_the_salaries(edit, budget):
    client, url, _data = edit
    html = client.get(url).content.decode()
    assert between(html, "positions-salaries") == "275,000"
    assert 'data-testid="salaries-difference"' not in html


def test_staff_line_notes_and_support_in_kind_are_saved_from_the_page(edit, budget):
    client, url, data = edit
    data["social_security_rate"] = "20"
    data["social_security_note"] = "estimate (20% of salaries), includes insurance"
    data["salaries_note"] = "Director full-time, Officer half-time"
    add_row(
        data,
        "in_kind",
        provider="GICHD",
        covers="office rent, human resources management",
        estimated_value="",
        valuation_note="not part of the total",
    )

    response = client.post(url, data)

    assert response.status_code == 302
    budget = Budget.objects.get(pk=budget.pk)
    assert budget.social_security_note.startswith("estimate (20% of salaries)")
    assert budget.salaries_note == "Director full-time, Officer half-time"
    [support] = budget.in_kind.all()
    assert (support.provider, support.valuation_note) == (
        "GICHD",
        "not part of the total",
    )
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "estimate (20% of salaries), includes insurance" in between(
        page, "social-security-note"
    )
    assert "office rent, human resources management" in page


def test_support_in_kind_is_edited_and_removed_on_the_page(edit, budget):
    client, url, data = edit
    add_row(data, "in_kind", provider="GICHD", covers="office rent")
    assert client.post(url, data).status_code == 302
    data = form_data(client.get(url))
    index = row_index(data, "in_kind", "provider", "GICHD")
    assert data[f"in_kind-{index}-covers"] == "office rent"
    data[f"in_kind-{index}-estimated_value"] = "12,000"
    assert client.post(url, data).status_code == 302
    assert budget.in_kind.get().estimated_value == Money(12000, "CHF")

    data = form_data(client.get(url))
    data[f"in_kind-{index}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302
    assert not budget.in_kind.exists()


def test_support_in_kind_without_what_it_covers_is_refused_beside_it(edit, budget):
    client, url, data = edit
    add_row(data, "in_kind", provider="GICHD", covers="")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Enter what the support covers." in response.content.decode()
    assert not budget.in_kind.exists()


def test_earmarked_projects_are_entered_and_edited_on_the_page(edit, budget):
    client, url, data = edit
    add_row(data, "earmarked", **EU_PROJECT)
    assert client.post(url, data).status_code == 302
    [project] = EarmarkedProject.objects.filter(convention=budget.convention)
    assert project.amount == Money(2700000, "EUR")  # the donor's currency, kept
    assert (project.start_year, project.end_year) == (2025, 2029)

    data = form_data(client.get(url))
    index = row_index(data, "earmarked", "donor", "European Union")
    assert data[f"earmarked-{index}-amount"] == "EUR 2700000"
    data[f"earmarked-{index}-amount"] = "EUR 2,800,000"
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.amount == Money(2800000, "EUR")
    assert EarmarkedProject.objects.count() == 1
    page = client.get(budget.get_absolute_url()).content.decode()
    assert "Council Decision (CFSP) 2025/781" in page


def test_an_earmarked_projects_creation_edit_and_removal_are_in_its_history(
    edit, budget
):
    client, url, data = edit
    add_row(data, "earmarked", **EU_PROJECT)
    assert client.post(url, data).status_code == 302
    project = EarmarkedProject.objects.get(convention=budget.convention)
    data = form_data(client.get(url))
    index = row_index(data, "earmarked", "donor", "European Union")
    data[f"earmarked-{index}-end_year"] = "2030"
    assert client.post(url, data).status_code == 302
    data = form_data(client.get(url))
    data[f"earmarked-{index}-DELETE"] = "on"
    assert client.post(url, data).status_code == 302

    assert not EarmarkedProject.objects.exists()
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(EarmarkedProject),
        object_id=str(project.pk),
    ).order_by("pk")
    assert [event.verb for event in events] == ["created", "edited", "project removed"]
    assert events[0].changes["donor"] == [None, "European Union"]
    assert events[1].changes == {"end_year": [2029, 2030]}
    assert events[2].changes == {}


def test_an_earmarked_project_without_its_currency_or_year_is_refused(edit, budget):
    client, url, data = edit
    typed = {"name": "A project", "donor": "A donor", "amount": "2,700,000"}
    add_row(data, "earmarked", start_year="2020", end_year="2021", **typed)
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the amount with its currency, e.g. EUR 2,700,000." in html
    assert not EarmarkedProject.objects.exists()


def test_a_donors_instrument_of_another_period_is_refused_beside_it(edit, budget):
    EarmarkedProject.objects.create(
        convention=budget.convention,
        name="Earlier support",
        donor="European Union",
        instrument="Council Decision 2019/1",
        amount=Money(1000000, "EUR"),
        start_year=2019,
        end_year=2021,
    )
    client, url, data = edit
    typed = {"name": "New", "donor": "European Union", "amount": "EUR 5,000"}
    add_row(
        data,
        "earmarked",
        instrument="Council Decision 2019/1",
        start_year="2026",
        end_year="2028",
        **typed,
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Another project has this donor and instrument." in (
        response.content.decode()
    )
    assert EarmarkedProject.objects.count() == 1
