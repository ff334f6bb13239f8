"""The President's letter speaks of the convention's parties in its own words
(issue 17): a convention built from the CCW's vocabulary (under another code, so
no branch on "CCW" helps) writes "High Contracting Parties", the APMBC "States
Parties", in the invoice's language."""

import pytest

from budgets.contributions.reminders import load_reminder_policies, reminder_message
from budgets.models import ReminderPolicy
from tests.budgets.invoice_docs import issued_invoice
from tests.factories import ConventionFactory, ParticipationFactory, StateFactory


def _letter(convention):
    load_reminder_policies()
    levels = ReminderPolicy.objects.get(convention=convention).levels.all()
    return next(level for level in levels if level.offset_days == 90)


@pytest.fixture
def hcp(db):
    return ConventionFactory(code="XCW", currency="USD", vocabulary="CCW")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "President of the Meeting of the High Contracting Parties"),
        ("fr", "Président de la Réunion des Hautes Parties contractantes"),
        ("es", "Presidente de la Reunión de las Altas Partes Contratantes"),
        ("ru", "Председателя Совещания Высоких Договаривающихся Сторон"),
        ("ar", "رئيس اجتماع الأطراف المتعاقدة السامية"),
        ("zh-hans", "缔约方会议主席"),
    ],
)
def test_the_ccw_letter_says_high_contracting_parties(hcp, language, words):
    state = StateFactory()
    ParticipationFactory(state=state, convention=hcp)
    invoice = issued_invoice(hcp, state, language=language)

    _subject, body = reminder_message(invoice, _letter(hcp))

    assert words in body
    assert "States Parties" not in body


def test_the_apmbc_letter_keeps_the_states_parties(apmbc, state_a):
    invoice = issued_invoice(apmbc, state_a, language="en")

    _subject, body = reminder_message(invoice, _letter(apmbc))

    assert "President of the Meeting of the States Parties to the APMBC" in body
    assert "contributions of the States Parties." in body
