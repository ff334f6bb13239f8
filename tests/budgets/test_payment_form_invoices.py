"""The record-a-payment form offers only the chosen State's invoices still owed,
each with what it still asks (issue 16): fetched again when the State changes
(htmx), or with the form's "show" button without JavaScript."""

from __future__ import annotations

import pytest

from budgets.models import Payment
from tests.budgets.contrib import issue_invoice, pay

pytestmark = pytest.mark.django_db


# The page staff open from the status page ("Record a payment").
URL = "/budgets/contributions/APMBC/payments/new/"


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    owed = issue_invoice(apmbc, state_a, "1234.50")
    settled = issue_invoice(apmbc, state_a, "100.00", year=2027)
    pay(settled, "100.00")
    other = issue_invoice(apmbc, state_b, "2000.00")
    return owed, settled, other


def invoice_options(page: str) -> str:
    return page.split('name="invoice"')[1].split("</select>")[0]


def test_it_lists_only_the_chosen_states_open_invoices_with_amounts(
    client_for, isu_staff, state_a, invoices
):
    owed, settled, other = invoices

    response = client_for(isu_staff).get(URL, {"state": state_a.pk})

    assert response.status_code == 200
    options = invoice_options(response.content.decode())
    assert f'value="{owed.pk}"' in options
    assert f"{owed.number} — CHF 1,234.50 outstanding" in options
    assert f'value="{settled.pk}"' not in options
    assert f'value="{other.pk}"' not in options


def test_before_a_state_is_chosen_no_invoice_is_offered(
    client_for, isu_staff, invoices
):
    page = client_for(isu_staff).get(URL).content.decode()

    assert "Choose the State first" in page
    assert "outstanding" not in invoice_options(page)
    # Choosing one asks the page again for its invoices.
    assert f'data-hx-get="{URL}"' in page
    assert 'data-hx-select="#id_invoice"' in page


def test_without_javascript_the_show_button_offers_them_and_saves_nothing(
    client_for, isu_staff, state_b, invoices
):
    _owed, _settled, other = invoices

    response = client_for(isu_staff).post(
        URL,
        {"state": state_b.pk, "amount": "5", "currency": "CHF", "show_invoices": "1"},
    )

    assert response.status_code == 200
    assert f'value="{other.pk}"' in invoice_options(response.content.decode())
    assert Payment.objects.count() == 1  # the fixture's


def test_another_states_invoice_is_refused(client_for, isu_staff, state_a, invoices):
    _owed, _settled, other = invoices

    response = client_for(isu_staff).post(
        URL,
        {
            "state": state_a.pk,
            "invoice": other.pk,
            "date": other.issue_date.isoformat(),
            "amount": "2000.00",
            "currency": "CHF",
        },
    )

    assert response.status_code == 400
    assert Payment.objects.count() == 1
