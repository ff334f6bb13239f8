"""The bank import page with a bank's own file (issue 16): the preview names the
invoice each payment's reference found, offers the unmatched ones for staff to
match (the likely invoice suggested), records both on confirming; staff of
another convention may not import."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from budgets.contributions.payment_codes import invoice_reference
from budgets.models import Payment
from tests.budgets.bank_statements import Movement, camt053
from tests.budgets.contrib import fresh, issue_invoice

pytestmark = pytest.mark.django_db


def url() -> str:
    return reverse("budgets:bank-import", args=["APMBC"])


@pytest.fixture
def statement(apmbc, state_a, state_b):
    atlantis = issue_invoice(apmbc, state_a, "1000.00")
    borduria = issue_invoice(apmbc, state_b, "2000.00")
    day = borduria.issue_date
    text = camt053(
        [
            Movement(Decimal("1000.00"), day, structured=invoice_reference(atlantis)),
            Movement(Decimal("2000.00"), day, text="Thanks", debtor="Borduria MFA"),
        ]
    )
    return text, atlantis, borduria


def upload(client, text: str):
    return client.post(url(), {"file": io.BytesIO(text.encode())})


def test_staff_preview_match_by_hand_and_confirm(client_for, isu_staff, statement):
    text, atlantis, borduria = statement
    client = client_for(isu_staff)

    response = upload(client, text)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="import-row-1" data-outcome="matched"' in page
    assert 'data-testid="import-row-2" data-outcome="unmatched"' in page
    suggested = page.split('label="Suggested"')[1].split("</optgroup>")[0]
    assert f'value="{borduria.pk}"' in suggested
    assert "Borduria MFA" in page

    response = client.post(
        url(),
        {
            "confirm": "1",
            "csv_text": response.context["csv_text"],
            "filename": "statement.xml",
            f"match-{2}": str(borduria.pk),
        },
    )

    assert response.status_code == 302
    assert Payment.objects.count() == 2
    assert fresh(atlantis).outstanding_amount == 0
    assert fresh(borduria).outstanding_amount == 0


def test_the_preview_costs_the_same_queries_for_more_rows(
    client_for, isu_staff, apmbc, state_a, state_b, django_assert_max_num_queries
):
    client = client_for(isu_staff)
    invoice = issue_invoice(apmbc, state_a, "1000.00")
    issue_invoice(apmbc, state_b, "2000.00")

    def rows(n: int) -> str:
        return camt053(
            [
                Movement(Decimal(10 + i), invoice.issue_date, text=f"x {i}")
                for i in range(n)
            ]
            + [
                Movement(
                    Decimal(5),
                    invoice.issue_date,
                    structured=invoice_reference(invoice),
                )
            ]
        )

    with django_assert_max_num_queries(40) as few:
        assert upload(client, rows(2)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert upload(client, rows(30)).status_code == 200


def test_another_conventions_staff_may_not_import(client_for, other_staff, statement):
    text, *_invoices = statement
    client = client_for(other_staff)

    # The convention is public: a missing permission is a 403, as on every
    # accounts page (tests/ism/test_page_permission_matrix.py); an unknown
    # convention is a 404.
    assert client.get(url()).status_code == 403
    assert upload(client, text).status_code == 403
    missing = reverse("budgets:bank-import", args=["NOPE"])
    assert client.post(missing, {"file": io.BytesIO(text.encode())}).status_code == 404
    assert not Payment.objects.exists()
