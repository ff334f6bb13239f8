"""A draft invoice is the ISU's preview: its State's focal point does not see it
(page or list) until it is issued; then it does."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from djmoney.money import Money

from budgets.contributions import services as contribution_services

pytestmark = pytest.mark.django_db


def test_the_state_sees_its_invoice_once_issued(
    client_for, focal_a, isu_staff, apmbc, state_a
):
    draft = contribution_services.invoice_create(
        convention=apmbc,
        year=2026,
        state=state_a,
        amount=Money(Decimal("900.00"), "CHF"),
        actor=isu_staff,
    )
    page = reverse("budgets:invoice-detail", args=[draft.pk])
    focal = client_for(focal_a)
    assert focal.get(page).status_code == 404
    assert focal.get("/api/v1/invoices/").json()["results"] == []
    assert client_for(isu_staff).get(page).status_code == 200

    contribution_services.invoice_issue(invoice=draft, actor=isu_staff)
    focal = client_for(focal_a)
    assert focal.get(page).status_code == 200
    rows = focal.get("/api/v1/invoices/").json()["results"]
    assert [row["id"] for row in rows] == [draft.pk]
