"""The ISU's contribution pages: status, assessment preview then issue, invoice
list and page, cancellation, payment form, bank import — and who may see them."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from budgets.models import Invoice, Payment
from ism.dates import long_date
from tests.budgets.contrib import (
    chf,
    fresh,
    issue_invoice,
    issue_invoices,
    parties,
    pay,
    scale,
)
from tests.spreadsheets import (
    formula_cells,
    print_settings,
    printed_on_a4,
    text_cells,
    type_formula_everywhere,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessed(apmbc, state_a, state_b):
    a = issue_invoice(apmbc, state_a, "1000.00")
    b = issue_invoice(apmbc, state_b, "3000.00")
    pay(a, "1000.00")
    return a, b


def test_staff_see_the_collection_status(client_for, isu_staff, apmbc, assessed):
    page = client_for(isu_staff).get(
        reverse("budgets:contributions-status", args=["APMBC"]) + "?year=2026"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="assessed">4,000.00<' in html
    assert 'data-testid="received">1,000.00<' in html
    assert 'data-testid="outstanding">3,000.00<' in html
    assert 'data-testid="received-pct">25.0%<' in html
    assert "APMBC-2026-0002" in html


def test_a_focal_point_gets_no_status_page_but_their_states_link(
    client_for, focal_a, apmbc, assessed
):
    client = client_for(focal_a)
    assert (
        client.get(reverse("budgets:contributions-status", args=["APMBC"])).status_code
        == 403
    )
    index = client.get(reverse("budgets:contributions")).content.decode()
    assert reverse("budgets:state-contributions", args=["AAA", "APMBC"]) in index
    assert "BBB" not in index


def test_the_focal_point_of_state_a_gets_404_for_state_bs_invoice(
    client_for, focal_a, assessed
):
    a, b = assessed
    client = client_for(focal_a)
    assert client.get(reverse("budgets:invoice-detail", args=[a.pk])).status_code == 200
    assert client.get(reverse("budgets:invoice-detail", args=[b.pk])).status_code == 404
    assert (
        client.get(reverse("budgets:invoice-detail", args=[99999])).status_code == 404
    )


def test_a_focal_point_sees_no_cancel_form_and_cannot_cancel(
    client_for, focal_a, assessed
):
    a, _ = assessed
    client = client_for(focal_a)
    page = client.get(reverse("budgets:invoice-detail", args=[a.pk])).content.decode()
    assert "cancel-form" not in page
    response = client.post(
        reverse("budgets:invoice-cancel", args=[a.pk]), {"reason": "mine"}
    )
    assert response.status_code == 403
    assert not fresh(a).cancelled


def test_staff_cancel_and_reissue_from_the_invoice_page(
    client_for, isu_staff, assessed
):
    _, b = assessed
    response = client_for(isu_staff).post(
        reverse("budgets:invoice-cancel", args=[b.pk]),
        {"reason": "Wrong scale", "reissue": "on", "reissue_amount": "2,500.00"},
    )
    new = Invoice.objects.get(replaces=b)
    assert response.status_code == 302
    assert response["Location"] == reverse("budgets:invoice-detail", args=[new.pk])
    assert new.amount == chf("2500.00")
    assert fresh(b).cancelled


def test_a_cancellation_without_reason_keeps_what_was_typed(
    client_for, isu_staff, assessed
):
    _, b = assessed
    response = client_for(isu_staff).post(
        reverse("budgets:invoice-cancel", args=[b.pk]),
        {"reason": "", "reissue": "on", "reissue_amount": "2500"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the invoice is cancelled." in html
    assert 'value="2500"' in html
    assert not fresh(b).cancelled


def test_staff_record_a_payment_and_bad_input_is_kept(client_for, isu_staff, assessed):
    _, b = assessed
    client = client_for(isu_staff)
    url = reverse("budgets:payment-new", args=["APMBC"])
    bad = client.post(
        url,
        {
            "state": b.state_id,
            "invoice": b.pk,
            "date": "2026-02-10",
            "amount": "1000",
            "currency": "USD",
            "reference": "FT-77",
        },
    )
    assert bad.status_code == 400
    assert "give the rate used" in bad.content.decode()
    assert 'value="FT-77"' in bad.content.decode()
    assert not Payment.objects.filter(reference="FT-77").exists()

    good = client.post(
        url,
        {
            "state": b.state_id,
            "invoice": b.pk,
            "date": "2026-02-10",
            "amount": "1,000.00",
            "currency": "CHF",
            "reference": "FT-77",
        },
    )
    assert good.status_code == 302
    assert fresh(b).outstanding_amount == Decimal("2000.00")


def test_the_bank_import_previews_then_records(client_for, isu_staff, assessed):
    client = client_for(isu_staff)
    url = reverse("budgets:bank-import", args=["APMBC"])
    text = (
        "state,invoice,date,amount,currency,reference\n"
        "BBB,APMBC-2026-0002,2026-02-01,3000.00,CHF,FT-1\n"
        "BBB,APMBC-2026-0009,2026-02-01,5.00,CHF,FT-2\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "statement.csv"
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-testid="count-matched">1<' in html
    assert 'data-testid="count-suspicious">1<' in html
    assert not Payment.objects.filter(reference="FT-1").exists()

    confirm = client.post(
        url, {"confirm": "1", "csv_text": text, "filename": "statement.csv"}
    )
    assert confirm.status_code == 302
    assert Payment.objects.filter(reference="FT-1").count() == 1


def test_a_malformed_bank_file_is_shown_with_its_rows(client_for, isu_staff, apmbc):
    upload = io.BytesIO(
        b"state,invoice,date,amount,currency,reference\nAAA,X,soon,1,CHF,r\n"
    )
    upload.name = "bad.csv"
    response = client_for(isu_staff).post(
        reverse("budgets:bank-import", args=["APMBC"]), {"file": upload}
    )
    assert response.status_code == 400
    assert "Row 2, column &quot;date&quot;" in response.content.decode()


def test_staff_preview_then_issue_an_assessment(client_for, isu_staff, apmbc):
    states = parties(apmbc, 3)
    table = scale(dict(zip(states, ["5.000", "3.000", "2.000"], strict=True)))
    client = client_for(isu_staff)
    url = reverse("budgets:assessment-new", args=["APMBC"])
    data = {
        "year": "2026",
        "amount": "100,000.00",
        "method": "assessed",
        "scale": table.pk,
    }
    preview = client.post(url, {**data, "step": "preview"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-testid="preview-total"><strong>100,000.00<' in html
    assert not Invoice.objects.exists()
    digest = html.split('name="digest" value="')[1].split('"')[0]

    issued = client.post(url, {**data, "step": "issue", "digest": digest})

    assert issued.status_code == 302
    amounts = sorted(Invoice.objects.values_list("amount", flat=True))
    assert amounts == [Decimal("20000.00"), Decimal("30000.00"), Decimal("50000.00")]


def test_the_illustrative_scale_is_said_on_the_preview(client_for, isu_staff, apmbc):
    states = parties(apmbc, 2)
    table = scale(dict(zip(states, ["1", "1"], strict=True)), illustrative=True)
    response = client_for(isu_staff).post(
        reverse("budgets:assessment-new", args=["APMBC"]),
        {
            "year": "2026",
            "amount": "10",
            "method": "assessed",
            "scale": table.pk,
            "step": "preview",
        },
    )
    assert 'data-testid="illustrative-scale"' in response.content.decode()


def test_the_invoice_list_filters_by_status(client_for, isu_staff, assessed):
    page = client_for(isu_staff).get(
        reverse("budgets:invoice-list", args=["APMBC"]) + "?status=paid"
    )
    html = page.content.decode()
    assert "APMBC-2026-0001" in html
    assert "APMBC-2026-0002" not in html


def test_the_excel_export_has_the_figures(client_for, isu_staff, assessed):
    response = client_for(isu_staff).get(
        reverse("budgets:contributions-xlsx", args=["APMBC", 2026])
    )
    assert response["Content-Disposition"].endswith('"APMBC-contributions-2026.xlsx"')
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    status = book["Status"]
    row = [c.value for c in status[4]]
    assert row[:4] == ["CHF", Decimal("4000"), Decimal("1000"), Decimal("3000")] or row[
        :4
    ] == ["CHF", 4000, 1000, 3000]
    states = {r[1].value: r for r in book["States"].iter_rows(min_row=2)}
    assert states["BBB"][5].value == 3000


def test_the_excel_export_is_titled_printable_and_formatted(
    client_for, isu_staff, assessed
):
    response = client_for(isu_staff).get(
        reverse("budgets:contributions-xlsx", args=["APMBC", 2026])
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    # The day the figures are as at (today, none being asked for) in its title.
    assert book.properties.title == "APMBC contributions 2026, as at " + long_date(
        timezone.localdate()
    )
    assert book.properties.creator == "APMBC Implementation Support Unit"
    # The header row (the 3rd of the status sheet, under its title) on every page.
    assert print_settings(book["Status"]) == printed_on_a4(header_row=3, landscape=True)
    assert print_settings(book["States"]) == printed_on_a4(header_row=1, landscape=True)
    assert print_settings(book["Arrears"]) == printed_on_a4(
        header_row=1, landscape=False
    )
    totals = book["Status"][4]
    assert [c.number_format for c in totals[1:6]] == [
        "#,##0.00",
        "#,##0.00",
        "#,##0.00",
        "0.0%",
        "#,##0.00",
    ]
    assert totals[4].value == 0.25  # 1,000 of 4,000 received: a fraction, shown 25.0%
    money = [
        c.number_format for r in book["States"].iter_rows(min_row=2) for c in r[3:]
    ]
    assert money and set(money) == {"#,##0.00"}


def test_the_scales_are_public(client, apmbc, state_a):
    table = scale({state_a: "1.5"}, illustrative=True)
    page = client.get(reverse("budgets:scale-detail", args=[table.pk]))
    assert page.status_code == 200
    assert "1.500%" in page.content.decode()
    assert 'data-testid="illustrative-scale"' in page.content.decode()


def test_anonymous_users_go_to_login_for_invoices(client, assessed):
    a, _ = assessed
    response = client.get(reverse("budgets:invoice-detail", args=[a.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("n", [10, 150])
def test_status_page_and_invoice_list_queries_do_not_grow_with_states(
    client_for, isu_staff, apmbc, n, django_assert_max_num_queries
):
    states = parties(apmbc, n)
    invoices = issue_invoices(apmbc, {s: 1000 + i for i, s in enumerate(states)})
    issue_invoices(
        apmbc,
        dict.fromkeys(states, 500),
        year=2025,
        issue_date=dt.date(2025, 1, 15),
        due_date=dt.date(2025, 3, 31),
    )
    for invoice in invoices[1::2]:
        pay(invoice, 400)
    client = client_for(isu_staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    # Measured: 14 and 8, for 10 States as for 150, one for the navigation's
    # counts on the page (the newest audit event's id) and, for staff, one for
    # the year's invoice documents being prepared.
    with django_assert_max_num_queries(16):
        assert (
            client.get(
                reverse("budgets:contributions-status", args=["APMBC"]) + "?year=2026"
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(9):
        assert (
            client.get(reverse("budgets:invoice-list", args=["APMBC"])).status_code
            == 200
        )


def test_state_names_reach_the_contributions_workbook_as_text(
    client_for, isu_staff, assessed, state_a
):
    type_formula_everywhere(state_a)
    response = client_for(isu_staff).get(
        reverse("budgets:contributions-xlsx", args=["APMBC", 2026])
    )
    content = b"".join(response.streaming_content)
    assert formula_cells(content) == []
    assert any(text.startswith("=HYPERLINK") for text in text_cells(content))
