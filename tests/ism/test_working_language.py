"""A State's working language for each convention (issue 18): the State's contact
for the convention can name one of the six UN languages (its focal point or the
ISU set it); invoices copy it at issue and Article 7 reminders are written in it;
without one, the State's usual language."""

from __future__ import annotations

import pytest

from ism.models import StateContact
from ism.reminders import working_language, working_language_for
from tests.budgets.contrib import issue_invoice_today

pytestmark = pytest.mark.django_db


def contact(state, convention, language: str) -> StateContact:
    return StateContact.objects.create(
        state=state,
        convention=convention,
        recipient=f"Permanent Mission of {state.name}",
        address="Geneva",
        emails="mission@example.org",
        working_language=language,
    )


def test_the_contact_for_the_convention_decides_else_the_states_usual_one(
    apmbc, ccm, state_a
):
    state_a.working_language = "fr"
    state_a.save()
    assert working_language_for(state_a, apmbc) == "fr"  # no contact
    made = contact(state_a, apmbc, "")
    assert working_language(state_a, made) == "fr"  # a contact naming none
    made.working_language = "ar"
    made.save()
    assert working_language_for(state_a, apmbc) == "ar"
    assert working_language_for(state_a, ccm) == "fr"  # another convention


def test_an_invoice_is_issued_in_the_language_of_the_contact(apmbc, state_a):
    contact(state_a, apmbc, "es")
    invoice = issue_invoice_today(apmbc, state_a, "100.00", due_in_days=30)
    assert invoice.language == "es"


def test_the_focal_point_sets_it_on_the_contact_page(
    client_for, focal_a, apmbc, state_a
):
    url = f"/states/{state_a.iso3}/{apmbc.code}/contact/"
    page = client_for(focal_a).get(url).content.decode()
    for code in ("en", "fr", "es", "zh-hans", "ru", "ar"):
        assert f'<option value="{code}"' in page
    answer = client_for(focal_a).post(
        url,
        {
            "recipient": "Permanent Mission",
            "address": "Geneva",
            "emails": "mission@example.org",
            "working_language": "ru",
        },
    )
    assert answer.status_code == 302
    saved = StateContact.objects.get(state=state_a, convention=apmbc)
    assert saved.working_language == "ru"


def test_the_article_7_reminder_is_written_in_it(apmbc):
    import datetime as dt

    from django.utils import translation

    from ism.models import OutgoingMail
    from reporting.services import reminders_send
    from tests.reporting.helpers import party

    state = party(apmbc, name="Francophonia")
    contact(state, apmbc, "fr")
    reminders_send(today=dt.date(2025, 4, 30))  # reports covering 2024 fall due
    mail = OutgoingMail.objects.get(state=state)
    with translation.override("fr"):
        expected = translation.gettext("%(code)s: report due today (%(due)s)")
    assert expected != "%(code)s: report due today (%(due)s)"  # French exists
    assert mail.subject == expected % {"code": "APMBC", "due": "30 avril 2025"}
