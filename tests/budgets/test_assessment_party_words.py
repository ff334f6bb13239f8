"""The assessment preview names the States with no rate in the convention's own
words (issue 17): "High Contracting Parties" for the CCW's, in French too."""

import pytest
from django.urls import reverse

from ism.models import Role
from tests.budgets.contrib import parties, scale
from tests.factories import ConventionFactory, UserFactory, assign

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vocabulary", "language", "words", "not_words"),
    [
        ("CCW", "en", "High Contracting Parties", "States Parties"),
        ("CCW", "fr", "Hautes Parties contractantes", "États parties"),
        ("APMBC", "en", "States Parties", "High Contracting"),
    ],
)
def test_the_unrated_are_named_in_the_conventions_words(
    client_for, vocabulary, language, words, not_words
):
    convention = ConventionFactory(code="XCW", currency="CHF", vocabulary=vocabulary)
    staff = UserFactory(username="staff-xcw")
    assign(staff, Role.ISU_STAFF, convention=convention)
    rated, newcomer = parties(convention, 2)
    table = scale({rated: "1.000"})

    response = client_for(staff).post(
        reverse("budgets:assessment-new", args=[convention.code]),
        {
            "year": "2026",
            "amount": "1000",
            "method": "assessed",
            "scale": table.pk,
            "step": "preview",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    html = response.content.decode()

    assert response.status_code == 200
    unrated = html.split('data-testid="unrated">')[1].split("</p>")[0]
    assert words in unrated and newcomer.name in unrated
    assert not_words not in html
