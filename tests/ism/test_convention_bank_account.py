"""The convention's bank account (issue 16): set by its ISU staff on the
settings page, the IBAN and BIC checked as banks check them (schwifty), stored
in their electronic form; staff of another convention may not change it."""

from __future__ import annotations

import pytest

from ism.models import AuditEvent
from tests.budgets.payment_codes import QR_IBAN
from tests.ism.test_access_policy import SETTINGS_URL, settings_form

pytestmark = pytest.mark.django_db

ACCOUNT = {
    "bank_name": "Demo Bank, Geneva",
    "bank_iban": "ch44 3199 9123 0008 8901 2",
    "bank_bic": "ubswchzh80a",
    "bank_holder": "ISU of the Anti-Personnel Mine Ban Convention",
    "bank_holder_street": "Chemin Eugene-Rigot 2C",
    "bank_holder_postcode": "1202",
    "bank_holder_town": "Geneva",
    "bank_holder_country": "ch",
}


def test_staff_set_the_account_and_it_is_kept_in_electronic_form(
    client_for, isu_staff, apmbc
):
    response = client_for(isu_staff).post(SETTINGS_URL, settings_form(apmbc, **ACCOUNT))

    assert response.status_code == 302
    apmbc.refresh_from_db()
    assert apmbc.bank_iban == QR_IBAN
    assert apmbc.bank_bic == "UBSWCHZH80A"
    assert apmbc.bank_holder_country == "CH"
    assert apmbc.payee()["iban"] == QR_IBAN
    assert "bank_iban" in AuditEvent.objects.get().changes


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("bank_iban", "CH00 0000 0000 0000 0000 0", "Not a valid IBAN"),
        ("bank_iban", "XX12 3456", "Not a valid IBAN"),
        ("bank_bic", "UBS", "Not a valid BIC"),
        ("bank_holder", "", "An account needs its holder"),
    ],
)
def test_a_wrong_account_is_refused_beside_its_field(
    client_for, isu_staff, apmbc, field, value, message
):
    response = client_for(isu_staff).post(
        SETTINGS_URL, settings_form(apmbc, **{**ACCOUNT, field: value})
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    apmbc.refresh_from_db()
    assert apmbc.bank_iban == ""


def test_another_conventions_staff_cannot_set_the_account(
    client_for, other_staff, apmbc
):
    response = client_for(other_staff).post(
        SETTINGS_URL, settings_form(apmbc, **ACCOUNT)
    )

    assert response.status_code == 403
    apmbc.refresh_from_db()
    assert apmbc.bank_iban == ""
