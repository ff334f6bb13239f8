"""The demo's contributions: an illustrative scale, labelled as such, and the
CCM's 2024 invoices issued on it — loaded once however often load_demo runs."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from budgets.models import Invoice, Payment, ScaleTable
from budgets.selectors import contribution_status
from ism.models import Convention, User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_its_contributions_once(client):
    call_command("load_demo", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())

    (table,) = ScaleTable.objects.all()
    assert table.illustrative
    ccm = Convention.objects.get(code="CCM")
    invoices = Invoice.objects.filter(convention=ccm, year=2024)
    assert invoices.count() == ccm.participations.count()
    assert Payment.objects.filter(convention=ccm).count() == invoices.count() - 1
    status = contribution_status(convention=ccm, year=2024)
    assert status.assessed.amount == sum(i.amount.amount for i in invoices)
    assert 0 < status.outstanding.amount < status.assessed.amount

    client.force_login(User.objects.get(username="staff.ccm"))
    page = client.get(reverse("budgets:contributions-status", args=["CCM"]))
    assert 'data-testid="illustrative-scale"' in page.content.decode()
