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
