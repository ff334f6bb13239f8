"""Arrears brought forward: imported from CSV by the command (preview, then
--confirm, idempotent) or by the page (upload, preview, confirm), refused for a
year ISM invoices, settled by payments like an invoice and counted in the closed
years of the collection status."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from budgets.contributions.selectors import contribution_status
from budgets.models import Invoice
from tests.budgets.contrib import issue_invoice, pay

pytestmark = pytest.mark.django_db


def csv_for(state, year, amount="1500.25"):
    day = (timezone.localdate() - dt.timedelta(days=400)).isoformat()
    return f"state,year,amount,as_of,source\n{state.iso3},{year},{amount},{day},Audit\n"


def test_the_command_previews_then_records_once(tmp_path, capsys, apmbc, state_a):
    year = timezone.localdate().year - 3
    path = tmp_path / "balances.csv"
    path.write_text(csv_for(state_a, year))

    call_command("import_opening_balances", str(path), "--convention", "apmbc")
    assert "Preview only" in capsys.readouterr().out
    assert not Invoice.objects.exists()

    call_command(
        "import_opening_balances", str(path), "--convention", "APMBC", "--confirm"
    )
    call_command(
        "import_opening_balances", str(path), "--convention", "APMBC", "--confirm"
    )
    assert "0 balance(s); 1 already in ISM" in capsys.readouterr().out
    [balance] = Invoice.objects.all()
    assert (balance.brought_forward, balance.year, str(balance.amount.amount)) == (
        True,
        year,
        "1500.25",
    )

    # A payment settles it like an invoice; until then it is a closed year's arrears.
    status = contribution_status(convention=apmbc, year=year + 1)
    assert str(status.arrears.amount) == "1500.25"
    pay(balance, "1500.25", date=timezone.localdate())
    assert contribution_status(convention=apmbc, year=year + 1).arrears.amount == 0


def test_a_year_ism_invoices_is_refused(tmp_path, apmbc, state_a):
    invoice = issue_invoice(apmbc, state_a, "100.00", year=2026)
    path = tmp_path / "balances.csv"
    path.write_text(csv_for(state_a, invoice.year))

    with pytest.raises(CommandError, match="not a year before ISM"):
        call_command("import_opening_balances", str(path), "--convention", "APMBC")


def test_the_page_uploads_previews_and_confirms(client_for, isu_staff, apmbc, state_a):
    client = client_for(isu_staff)
    url = reverse("budgets:opening-balances", args=["APMBC"])
    text = csv_for(state_a, timezone.localdate().year - 3)

    preview = client.post(
        url,
        {"action": "preview", "file": SimpleUploadedFile("b.csv", text.encode())},
    )
    assert preview.status_code == 200
    assert 'data-testid="opening-preview"' in preview.content.decode()
    assert not Invoice.objects.exists()

    confirmed = client.post(url, {"action": "confirm", "csv_text": text})
    assert confirmed.status_code == 302
    assert Invoice.objects.get().brought_forward
    page = client.get(url).content.decode()
    assert "1,500.25" in page


def test_arrears_brought_forward_have_no_notice_to_download(
    client_for, isu_staff, apmbc, state_a
):
    """A balance from before ISM is no notice ISM sent: no PDF on its page, the
    document's address is a 404, the API gives no link, and no render runs."""
    from budgets.contributions.documents import invoice_pdf_render

    year = timezone.localdate().year - 3
    from budgets.contributions.services.opening_balances import (
        opening_balances_import,
    )

    opening_balances_import(
        convention=apmbc, csv_text=csv_for(state_a, year), actor=isu_staff
    )
    balance = Invoice.objects.get(brought_forward=True)
    client = client_for(isu_staff)
    page = client.get(reverse("budgets:invoice-detail", args=[balance.pk]))
    assert page.status_code == 200
    assert 'data-testid="invoice-pdf"' not in page.content.decode()
    assert (
        client.get(reverse("budgets:invoice-pdf", args=[balance.pk])).status_code == 404
    )
    listed = client.get("/api/v1/invoices/", {"state": state_a.iso3}).json()
    [row] = [r for r in listed["results"] if r["number"] == balance.number]
    assert row["pdf_url"] is None
    assert invoice_pdf_render(invoice_id=balance.pk) is False
    # An ordinary issued invoice keeps its document.
    invoice = issue_invoice(apmbc, state_a, "100.00", year=year + 3)
    assert invoice.has_document
