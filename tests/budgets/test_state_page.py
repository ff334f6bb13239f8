"""The focal point's page of their State's contributions: their invoices with
their documents, payments and balance — and nothing of any other State."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.budgets.invoice_docs import cancellation_of, issued_invoice, payment
from tests.factories import StateFactory


def url(state, convention):
    return reverse("budgets:state-contributions", args=[state.iso3, convention.code])


@pytest.fixture
def accounts(apmbc, state_a, state_b):
    today = timezone.localdate()
    mine = issued_invoice(
        apmbc,
        state_a,
        sequence=7,
        amount="76540.12",
        issue_date=today - dt.timedelta(days=10),
        due_date=today + dt.timedelta(days=50),
    )
    payment(mine, "50000.00", ref="UBS-A-1", date=today)
    theirs = issued_invoice(apmbc, state_b, sequence=8, amount="98765.43")
    payment(theirs, "1111.11", ref="UBS-B-SECRET")
    return mine, theirs


def test_the_focal_point_sees_their_invoices_payments_and_balance(
    client_for, focal_a, apmbc, state_a, accounts
):
    mine, _theirs = accounts

    response = client_for(focal_a).get(url(state_a, apmbc))

    assert response.status_code == 200
    html = response.content.decode()
    assert "APMBC-2026-0007" in html
    assert reverse("budgets:invoice-pdf", args=[mine.pk]) in html
    assert "76,540.12" in html
    assert "UBS-A-1" in html
    assert "26,540.12" in html  # the balance due: 76,540.12 − 50,000.00
    assert "Partially paid" in html  # not due yet
    assert reverse("budgets:state-statement-pdf", args=["AAA", "APMBC"]) in html


def test_nothing_of_another_state_is_on_the_page(
    client_for, focal_a, apmbc, state_a, accounts
):
    html = client_for(focal_a).get(url(state_a, apmbc)).content.decode()

    assert "APMBC-2026-0008" not in html
    assert "98,765.43" not in html
    assert "UBS-B-SECRET" not in html
    assert "Borduria" not in html


def test_another_states_focal_point_gets_a_404(
    client_for, focal_b, apmbc, state_a, accounts
):
    assert client_for(focal_b).get(url(state_a, apmbc)).status_code == 404


def test_a_cancelled_invoice_and_its_counter_invoice_are_marked_cancelled(
    client_for, focal_a, apmbc, state_a
):
    original = issued_invoice(apmbc, state_a, sequence=3, amount="500.00")
    cancellation_of(original, sequence=4, reason="Wrong scale.")

    html = client_for(focal_a).get(url(state_a, apmbc)).content.decode()

    assert "cancels APMBC-2026-0003" in html
    assert html.count(">Cancelled<") == 2


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("isu_staff", 200),
        ("auditor", 200),
        ("other_staff", 404),
        ("committee_member", 404),
    ],
)
def test_staff_and_auditors_see_any_states_page_others_do_not(
    request, client_for, apmbc, state_a, accounts, persona, status
):
    user = request.getfixturevalue(persona)

    assert client_for(user).get(url(state_a, apmbc)).status_code == status


def test_staff_get_a_link_to_the_reminders(client_for, isu_staff, apmbc, state_a):
    html = client_for(isu_staff).get(url(state_a, apmbc)).content.decode()

    assert reverse("budgets:invoice-reminders", args=["APMBC"]) in html


def test_a_state_without_invoices_is_told_so(client_for, focal_a, apmbc, state_a):
    html = client_for(focal_a).get(url(state_a, apmbc)).content.decode()

    assert "No invoice has been issued to this State yet." in html
    assert "No payment has been recorded for this State yet." in html


def test_the_focal_points_home_page_links_to_it(client_for, focal_a, apmbc, state_a):
    html = client_for(focal_a).get(reverse("home")).content.decode()

    assert url(state_a, apmbc) in html


@pytest.mark.parametrize("years", [2, 20])
def test_the_page_costs_the_same_queries_for_2_or_20_years_of_invoices(
    client_for, focal_a, apmbc, state_a, years, django_assert_max_num_queries
):
    for n in range(years):
        invoice = issued_invoice(
            apmbc,
            state_a,
            sequence=n + 1,
            year=2000 + n,
            issue_date=dt.date(2000 + n, 1, 15),
            due_date=dt.date(2000 + n, 3, 31),
        )
        payment(invoice, "10.00", date=dt.date(2000 + n, 2, 1), ref=f"P{n}")
    client = client_for(focal_a)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)

    # Measured: 10 (session, user, roles, the State and convention, six for the
    # ledger), whatever the number of years.
    with django_assert_max_num_queries(10):
        response = client.get(url(state_a, apmbc))

    assert response.content.decode().count('data-testid="invoice-pdf-link"') == years


def test_a_state_not_party_to_the_convention_has_no_page(client_for, isu_staff, apmbc):
    outsider = StateFactory(iso3="OUT", iso2="OU", name="Outland")  # not a party

    assert client_for(isu_staff).get(url(outsider, apmbc)).status_code == 404
