"""The bank import's pages answer every bad statement with its reasons on the
page, never a 500 (issue 15 §3): the confirm step used to add the service's
errors to an unbound form, and a NUL in a cell reached PostgreSQL."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from budgets.models import Payment

pytestmark = pytest.mark.django_db

HEADER = "state,invoice,date,amount,currency,reference\n"


def url() -> str:
    return reverse("budgets:bank-import", args=["APMBC"])


def test_confirming_an_empty_statement_says_so(client_for, isu_staff, apmbc):
    response = client_for(isu_staff).post(url(), {"confirm": "1", "csv_text": ""})

    assert response.status_code == 400
    assert "The file is empty." in response.content.decode()


def test_confirming_a_malformed_statement_names_the_row(client_for, isu_staff, apmbc):
    text = HEADER + "AAA,X,soon,1,CHF,r\n"
    response = client_for(isu_staff).post(
        url(), {"confirm": "1", "csv_text": text, "accept": ["²", "2"]}
    )

    assert response.status_code == 400
    assert "Row 2, column &quot;date&quot;" in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.parametrize("date", ["9999-12-31", "1899-12-31"])
def test_a_row_dated_out_of_range_is_refused_in_the_preview(
    client_for, isu_staff, apmbc, date
):
    upload = io.BytesIO(f"{HEADER}AAA,X,{date},1,CHF,r\n".encode())
    upload.name = "far.csv"
    response = client_for(isu_staff).post(url(), {"file": upload})

    assert response.status_code == 400
    assert "between 1900 and 2199" in response.content.decode()


def test_a_nul_in_the_invoice_column_is_refused_in_the_preview(
    client_for, isu_staff, apmbc
):
    upload = io.BytesIO(f"{HEADER}AAA,APMBC-\x00,2026-02-01,1,CHF,r\n".encode())
    upload.name = "nul.csv"
    response = client_for(isu_staff).post(url(), {"file": upload})

    assert response.status_code == 400
    assert "Row 2: a NUL character." in response.content.decode()
