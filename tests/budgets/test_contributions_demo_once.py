"""The demo's contributions: an illustrative scale, labelled as such, and the
CCM's 2024 invoices issued on it — loaded once however often load_demo runs.

A module of its own: `demo` (the run's loaded demo, tests/conftest.py) stays
active for the rest of a module, and test_contributions_demo.py loads its own
days on an empty database."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from budgets.contributions.selectors import contribution_status
from budgets.models import Invoice, Payment, ScaleTable
from ism.models import Convention, User


def test_the_demo_loads_its_contributions_once(demo, client):
    # Loaded once for the demo, then again: nothing doubles.
    call_command("load_demo", stdout=StringIO())

    table = ScaleTable.objects.get(name="ISM demo scale")
    assert table.illustrative
    ccm = Convention.objects.get(code="CCM")
    invoices = Invoice.objects.filter(convention=ccm, year=2024)
    assert invoices.count() == ccm.participations.count()
    assert (
        Payment.objects.filter(convention=ccm, invoice__year=2024).count()
        == invoices.count() - 1
    )
    status = contribution_status(convention=ccm, year=2024)
    assert status.assessed.amount == sum(i.amount.amount for i in invoices)
    assert 0 < status.outstanding.amount < status.assessed.amount

    client.force_login(User.objects.get(username="staff.ccm"))
    page = client.get(reverse("budgets:contributions-status", args=["CCM"]))
    assert 'data-testid="illustrative-scale"' in page.content.decode()
