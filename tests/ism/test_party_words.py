"""No page says "States Parties" for a convention that says otherwise (issue 17):
statuses, the reporting rates and the lists read the convention's own words,
in the language of the page; the APMBC's stay "States Parties"."""

import pytest
from django.utils import translation

from budgets.models import Budget
from ism.models import Participation
from tests.budgets.factories import BudgetFactory
from tests.factories import ConventionFactory, StateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hcp():
    """The CCW's words on a code ISM does not know: no branch on "CCW" helps."""
    return ConventionFactory(code="XCW", currency="USD", vocabulary="CCW")


def test_an_adopted_budget_is_adopted_in_its_conventions_words(hcp, apmbc):
    ccw_budget = BudgetFactory(convention=hcp, status=Budget.Status.ADOPTED)
    apmbc_budget = BudgetFactory(convention=apmbc, status=Budget.Status.ADOPTED)

    assert ccw_budget.get_status_display() == (
        "Adopted by the Meeting of the High Contracting Parties"
    )
    assert apmbc_budget.get_status_display() == (
        "Adopted by the Meeting of the States Parties"
    )
    with translation.override("fr"):
        assert "Hautes Parties contractantes" in ccw_budget.get_status_display()
        assert "États parties" in apmbc_budget.get_status_display()
    # The stored code and the choice label (the API's) stay as they were.
    assert ccw_budget.status == "adopted"


def test_a_party_is_called_as_its_convention_calls_it(hcp):
    party = Participation(
        state=StateFactory(), convention=hcp, status=Participation.Status.PARTY
    )

    assert party.get_status_display() == "High Contracting Party"
    with translation.override("fr"):
        assert party.get_status_display() == "Haute Partie contractante"


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "High Contracting Parties"), ("fr", "Hautes Parties contractantes")],
)
def test_the_reporting_rates_count_the_conventions_parties(
    client, hcp, language, words
):
    page = client.get(
        f"/reporting/statistics/?convention={hcp.code}", HTTP_ACCEPT_LANGUAGE=language
    )
    html = page.content.decode()

    assert page.status_code == 200
    assert words in html
    assert "States Parties" not in html and "États parties" not in html


def test_the_apmbc_rates_still_say_states_parties(client, apmbc):
    html = client.get("/reporting/statistics/?convention=APMBC").content.decode()

    assert "States Parties" in html
    assert "High Contracting" not in html


@pytest.mark.parametrize(
    ("language", "words", "not_words"),
    [
        ("en", "High Contracting Parties", "States Parties"),
        ("fr", "Hautes Parties contractantes", "États parties"),
    ],
)
def test_the_public_budgets_show_an_adopted_one_in_its_conventions_words(
    client, hcp, language, words, not_words
):
    BudgetFactory(convention=hcp, status=Budget.Status.ADOPTED)

    html = client.get("/budgets/public/", HTTP_ACCEPT_LANGUAGE=language)
    html = html.content.decode()

    assert words in html
    assert not_words not in html


def test_an_adopted_work_plan_is_adopted_in_its_conventions_words(hcp):
    from workplans.models import WorkPlan
    from workplans.services import workplan_create

    plan = workplan_create(
        convention=hcp, kind=WorkPlan.Kind.ANNUAL, start_year=2027, actor=None
    )
    plan.status = WorkPlan.Status.ADOPTED

    assert plan.get_status_display() == (
        "Adopted by the Meeting of the High Contracting Parties"
    )
    with translation.override("fr"):
        assert plan.get_status_display() == (
            "Adopté par la Réunion des Hautes Parties contractantes"
        )


def test_the_apmbc_budget_is_still_adopted_by_the_states_parties(client, apmbc):
    BudgetFactory(convention=apmbc, status=Budget.Status.ADOPTED)

    html = client.get("/budgets/public/").content.decode()

    assert "Adopted by the Meeting of the States Parties" in html
    assert "High Contracting" not in html
