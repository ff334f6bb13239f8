"""The contributions API: /api/v1/invoices/ scoped by the access policy (a focal
point's client sees its own State only; another State's invoice is a 404), with
pdf_url; /api/v1/contributions/status/ aggregates per currency."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.budgets.contrib import issue_invoice, issue_invoices, parties, pay

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(apmbc, state_a, state_b):
    a = issue_invoice(apmbc, state_a, "1000.00")
    b = issue_invoice(apmbc, state_b, "3000.00")
    pay(a, "400.00")
    return a, b


def test_a_focal_point_lists_only_its_states_invoices(client_for, focal_a, assessed):
    a, _ = assessed
    body = client_for(focal_a).get("/api/v1/invoices/").json()
    assert [row["number"] for row in body["results"]] == [a.number]
    row = body["results"][0]
    assert row["amount"] == {"amount": "1000.00", "currency": "CHF"}
    assert row["settled"] == {"amount": "400.00", "currency": "CHF"}
    assert row["outstanding"] == {"amount": "600.00", "currency": "CHF"}
    assert row["status"] in ("partially_paid", "overdue")
    assert row["pdf_url"].endswith(reverse("budgets:invoice-pdf", args=[a.pk]))


def test_another_states_invoice_is_a_404(client_for, focal_a, assessed):
    _, b = assessed
    client = client_for(focal_a)
    assert client.get(f"/api/v1/invoices/{b.pk}/").status_code == 404
    assert client.get(f"/api/v1/invoices/{b.pk}/pdf/").status_code == 404


def test_anonymous_clients_see_no_invoice(client, assessed):
    body = client.get("/api/v1/invoices/").json()
    assert body["results"] == []


def test_staff_see_all_and_filter(client_for, isu_staff, assessed):
    client = client_for(isu_staff)
    body = client.get("/api/v1/invoices/?convention=apmbc&state=BBB").json()
    assert [row["state"] for row in body["results"]] == ["BBB"]
    paid = client.get("/api/v1/invoices/?status=paid").json()
    assert paid["results"] == []


def test_the_status_aggregates_per_currency(client, apmbc, assessed):
    body = client.get("/api/v1/contributions/status/?convention=APMBC&year=2026").json()
    assert body["convention"] == "APMBC"
    (chf,) = body["by_currency"]
    assert chf["assessed"] == {"amount": "4000.00", "currency": "CHF"}
    assert chf["received"] == {"amount": "400.00", "currency": "CHF"}
    assert chf["outstanding"] == {"amount": "3600.00", "currency": "CHF"}
    assert chf["rate"] == "0.100000"
    assert chf["received_pct"] == "10.0"


def test_the_status_names_missing_parameters(client, apmbc):
    response = client.get("/api/v1/contributions/status/")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"convention", "year"}


@pytest.mark.parametrize("n", [10, 150])
def test_the_invoice_list_queries_do_not_grow(
    client_for, isu_staff, apmbc, n, django_assert_max_num_queries
):
    issue_invoices(apmbc, dict.fromkeys(parties(apmbc, n), 100))
    client = client_for(isu_staff)
    # Measured: 5 and 7, for 10 States as for 150 (the status reads the client's
    # roles too: the convention is looked up through the access policy).
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/invoices/")
    assert response.status_code == 200
    with django_assert_max_num_queries(7):
        client.get("/api/v1/contributions/status/?convention=APMBC&year=2026")
