"""?format=csv on the API (ism.api_csv): the whole table the client may see, money
in amount and currency columns with the JSON's exact decimals, cells a
spreadsheet would run as formulas defused, a header even when there is no row."""

from __future__ import annotations

import codecs
import csv
import io

import pytest
from django.utils import timezone

from budgets.models import Budget
from ism.api_csv import CSVRenderer
from ism.models import State
from ism.spreadsheets import csv_cell as cell
from tests.budgets.contrib import issue_invoice, pay
from tests.budgets.factories import BudgetFactory
from tests.factories import CommitteeFactory, StateFactory

pytestmark = pytest.mark.django_db


def table(response) -> tuple[list[str], list[dict]]:
    """(header, rows) of a CSV answer, checking it is one."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(codecs.BOM_UTF8)
    reader = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    header, *rows = list(reader)
    return header, [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture
def invoices(apmbc, state_a, state_b):
    a1 = issue_invoice(apmbc, state_a, "1000.00")
    a2 = issue_invoice(apmbc, state_a, "12345.67", year=2025)
    b = issue_invoice(apmbc, state_b, "3000.50")
    pay(a1, "400.00")
    return a1, a2, b


def test_a_focal_point_downloads_its_own_states_invoices_only(
    client_for, focal_a, invoices
):
    a1, a2, _ = invoices
    header, rows = table(client_for(focal_a).get("/api/v1/invoices/?format=csv"))
    assert {"amount.amount", "amount.currency", "settled.amount"} <= set(header)
    assert "amount" not in header
    got = {
        row["number"]: (
            row["state"],
            row["amount.amount"],
            row["amount.currency"],
            row["settled.amount"],
            row["outstanding.amount"],
        )
        for row in rows
    }
    assert got == {
        a1.number: ("AAA", "1000.00", "CHF", "400.00", "600.00"),
        a2.number: ("AAA", "12345.67", "CHF", "0.00", "12345.67"),
    }


def test_the_csv_rows_are_the_json_rows(client_for, isu_staff, invoices):
    client = client_for(isu_staff)
    as_json = client.get("/api/v1/invoices/").json()["results"]
    _, rows = table(client.get("/api/v1/invoices/?format=csv"))
    assert len(rows) == len(as_json) == 3
    for row, obj in zip(rows, as_json, strict=True):
        assert row["id"] == str(obj["id"])
        assert row["status"] == obj["status"]
        assert row["amount.amount"] == obj["amount"]["amount"]
        assert row["issue_date"] == obj["issue_date"]
        assert row["cancelled"] == "false"
        assert row["cancels"] == ""


def test_an_empty_list_still_has_the_whole_header(client_for, isu_staff, invoices):
    full_header, _ = table(client_for(isu_staff).get("/api/v1/invoices/?format=csv"))
    header, rows = table(client_for(None).get("/api/v1/invoices/?format=csv"))
    assert rows == []
    assert header == full_header


def test_a_csv_is_every_row_not_a_page(client, db):
    for n in range(205):
        StateFactory(iso3=f"Q{n // 26 % 26 + 65:c}{n % 26 + 65:c}", name=f"S{n}")
    everyone = State.objects.count()
    assert everyone >= 205
    page = client.get("/api/v1/states/").json()
    assert (page["count"], len(page["results"])) == (everyone, 50)
    assert set(page) == {"count", "next", "previous", "results"}
    bigger = client.get("/api/v1/states/?page_size=120").json()
    assert len(bigger["results"]) == 120
    capped = client.get("/api/v1/states/?page_size=1000").json()
    assert len(capped["results"]) == 200
    _, rows = table(client.get("/api/v1/states/?format=csv&page_size=10&page=2"))
    assert len(rows) == everyone
    assert {row["iso3"] for row in rows} == set(
        State.objects.values_list("iso3", flat=True)
    )


def test_cells_a_spreadsheet_would_run_are_defused(client, apmbc):
    names = {
        "QEQ": '=HYPERLINK("http://x.example","A")',
        "QPL": "+1+2",
        "QAT": "@SUM(A1)",
        "QMI": "-1+cmd|' /C calc'!A0",
        "QTB": "\tTabbed",
        "QOK": "Côte d'Ivoire",
    }
    for iso3, name in names.items():
        StateFactory(iso3=iso3, name=name)
    CommitteeFactory(convention=apmbc, name="=1+1")
    _, rows = table(client.get("/api/v1/states/?format=csv"))
    got = {row["iso3"]: row["name"] for row in rows if row["iso3"] in names}
    assert got == {
        iso3: (name if iso3 == "QOK" else "'" + name) for iso3, name in names.items()
    }
    _, committees = table(client.get("/api/v1/committees/?format=csv"))
    assert [row["name"] for row in committees] == ["'=1+1"]


def test_a_negative_amount_stays_a_number():
    assert cell("-1000.00") == "-1000.00"
    assert cell("-7") == "-7"
    assert cell(-7) == "-7"
    assert cell("-") == "'-"
    assert cell("- 2") == "'- 2"
    assert cell("\rx") == "'\rx"
    assert cell(None) == ""
    assert cell(True) == "true"


def test_the_file_is_named_after_the_route_and_today(client_for, isu_staff, invoices):
    client = client_for(isu_staff)
    today = timezone.localdate().isoformat()
    listing = client.get("/api/v1/invoices/?format=csv")
    assert listing["Content-Disposition"] == (
        f'attachment; filename="ism-invoices-{today}.csv"'
    )
    a1 = invoices[0]
    detail = client.get(f"/api/v1/invoices/{a1.pk}/?format=csv")
    assert detail["Content-Disposition"] == (
        f'attachment; filename="ism-invoices-{a1.pk}-{today}.csv"'
    )
    _, rows = table(detail)
    assert [row["number"] for row in rows] == [a1.number]


def test_the_collection_status_is_its_rows_per_currency(client, apmbc, invoices):
    header, rows = table(
        client.get(
            "/api/v1/contributions/status/?convention=APMBC&year=2026&format=csv"
        )
    )
    # The day the figures are as at (today unless ?as_of= says another).
    assert header[:4] == ["convention", "year", "as_of", "currency"]
    (chf,) = rows
    assert chf["as_of"] == timezone.localdate().isoformat()
    # 2026: issued 1000.00 (paid 400.00) and 3000.50; 2025's 12345.67 is arrears.
    assert chf["convention"] == "APMBC"
    assert chf["year"] == "2026"
    assert chf["assessed.amount"] == "4000.50"
    assert chf["received.amount"] == "400.00"
    assert chf["outstanding.amount"] == "3600.50"
    assert chf["arrears.amount"] == "12345.67"
    assert chf["invoices"] == "2"


def test_lists_of_objects_are_left_out_and_lists_of_scalars_joined():
    data = [
        {
            "id": 1,
            "money": {"amount": "1.50", "currency": "CHF"},
            "forms": ["A", "C", "J"],
            "members": [{"state": "AAA"}],
            "version": None,
        },
        {
            "id": 2,
            "money": {"amount": "-2.00", "currency": "EUR"},
            "forms": [],
            "members": [],
            "version": {"number": 3},
        },
    ]
    body = CSVRenderer().render(data, "text/csv", {}).decode("utf-8-sig")
    assert body.splitlines() == [
        "id,money.amount,money.currency,forms,version.number",
        '1,1.50,CHF,"A; C; J",',
        "2,-2.00,EUR,,3",
    ]


def test_committee_members_are_left_out_of_the_csv(client, coordinating_committee):
    header, rows = table(client.get("/api/v1/committees/?format=csv"))
    assert header == ["id", "convention", "name", "kind"]
    assert [row["name"] for row in rows] == [coordinating_committee.name]


def test_an_answer_that_is_no_table_is_a_406_in_the_one_error_shape(
    client_for, isu_staff, apmbc
):
    budget = BudgetFactory(convention=apmbc, status=Budget.Status.DRAFT)
    client = client_for(isu_staff)
    assert client.get(f"/api/v1/budgets/{budget.pk}/").status_code == 200
    for path in (
        f"/api/v1/budgets/{budget.pk}/?format=csv",
        "/api/v1/workplans/1/?format=csv",
        "/api/v1/reports/1/?format=csv",
        "/api/v1/?format=csv",
    ):
        response = client.get(path)
        assert response.status_code == 406, path
        assert response["Content-Type"] == "application/json"
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (406, "not_acceptable")
    _, rows = table(client.get("/api/v1/budgets/?format=csv"))
    assert [row["id"] for row in rows] == [str(budget.pk)]


def test_errors_stay_json(client_for, isu_staff, invoices):
    response = client_for(isu_staff).get("/api/v1/invoices/999999/?format=csv")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "Content-Disposition" not in response
    assert response.json()["error"]["code"] == "not_found"


def test_accept_text_csv_is_a_csv_and_the_browsable_api_still_works(
    client_for, isu_staff, invoices
):
    client = client_for(isu_staff)
    _, rows = table(client.get("/api/v1/invoices/", HTTP_ACCEPT="text/csv"))
    assert len(rows) == 3
    page = client.get("/api/v1/invoices/", HTTP_ACCEPT="text/html")
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    assert invoices[0].number in page.content.decode()


def test_the_schema_offers_csv_where_there_is_a_table(client, db):
    paths = client.get("/api/schema/?format=json").json()["paths"]

    def content(path):
        return paths[path]["get"]["responses"]["200"].get("content", {})

    assert content("/api/v1/invoices/")["text/csv"]["schema"]["type"] == "string"
    assert "text/csv" not in content("/api/v1/budgets/{id}/")
    assert "text/csv" not in content("/api/v1/workplans/{id}/")
