"""Issue 16's "done means", from a fixture of its own (tests/budgets/fixtures/
ccw_like_books.json, not the reference files): a convention in USD with a
Working Capital Fund whose opening balance and movements give the stated
balance, arrears brought forward, and assessments and payments whose status as
at a day gives the stated assessed, paid, outstanding, % and arrears to the cent
— in the page, the API, the Excel, the ISU annual report and its PDF — while a
payment after that day changes none of it. Days are relative to the clock."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money
from openpyxl import load_workbook

from budgets.contributions import services as contributions
from budgets.contributions.selectors import contribution_status
from budgets.models import Fund, Invoice
from budgets.selectors import fund_balance
from budgets.services import fund_create, fund_movement_record
from ism.models import Role
from reporting.documents import isu_report_context, isu_report_pdf_bytes
from reporting.isu_report import build_isu_report
from tests.budgets.contrib import issue_invoice
from tests.budgets.invoice_docs import pdf_text
from tests.conftest import assign
from tests.factories import (
    ConventionFactory,
    ParticipationFactory,
    StateFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DATA = json.loads(
    (Path(__file__).parent / "fixtures" / "ccw_like_books.json").read_text()
)
EXPECTED = DATA["expected"]


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")


def grouped(amount: str) -> str:
    """52345.67 → 52,345.67, as the page, the report and its PDF print it."""
    return f"{Decimal(amount):,.2f}"


@pytest.fixture
def books():
    as_of = timezone.localdate() - dt.timedelta(days=DATA["as_of_days_before_today"])
    year = as_of.year

    def day(n: int) -> dt.date:
        return as_of + dt.timedelta(days=n)

    ccw = ConventionFactory(code=DATA["convention"]["code"], currency="USD")
    states = {}
    for s in DATA["states"]:
        states[s["iso3"]] = StateFactory(**s)
        ParticipationFactory(state=states[s["iso3"]], convention=ccw)
    staff = UserFactory(username="staff-ccw")
    assign(staff, Role.ISU_STAFF, convention=ccw)

    # Arrears brought forward, imported from CSV as the command and page do.
    csv = "state,year,amount,as_of,source\n" + "".join(
        f"{a['state']},{year - a['years_back']},{a['amount']},"
        f"{day(a['day']).isoformat()},{a['source']}\n"
        for a in DATA["arrears_brought_forward"]
    )
    assert contributions.opening_balances_import(
        convention=ccw, csv_text=csv, actor=staff
    ) == (2, 0)
    # Idempotent: the same file again changes nothing.
    assert contributions.opening_balances_import(
        convention=ccw, csv_text=csv, actor=staff
    ) == (0, 2)

    plan = DATA["assessments"]
    invoices = {
        iso3: issue_invoice(
            ccw,
            states[iso3],
            amount,
            year=year,
            issue_date=day(plan["issue_day"]),
            due_date=day(plan["due_day"]),
        )
        for iso3, amount in plan["amounts"].items()
    }

    def pay(p):
        invoice = invoices[p["state"]]
        if p.get("settles") == "brought_forward":
            invoice = Invoice.objects.get(
                state=states[p["state"]], brought_forward=True
            )
        return contributions.payment_record(
            convention=ccw,
            state=states[p["state"]],
            invoice=invoice,
            date=day(p["day"]),
            amount=usd(p["amount"]),
            actor=staff,
        )

    spec = DATA["working_capital_fund"]
    fund = fund_create(
        convention=ccw, actor=staff, kind="working_capital", name=spec["name"]
    )
    opening = spec["opening"]
    fund_movement_record(
        fund=fund,
        actor=staff,
        date=day(opening["day"]),
        kind="opening",
        amount=usd(opening["amount"]),
        decision=opening["source"],
    )

    def move(m):
        fund_movement_record(
            fund=fund,
            actor=staff,
            date=day(m["day"]),
            kind=m["kind"],
            amount=usd(m["amount"]),
            purpose=m.get("purpose", ""),
            decision=m.get("decision", ""),
            state=states.get(m.get("state")),
        )

    for m in spec["movements"]:
        move(m)
    for p in DATA["payments"]:
        pay(p)
    return {
        "ccw": ccw,
        "staff": staff,
        "as_of": as_of,
        "year": year,
        "fund": fund,
        "later": lambda: (
            [pay(p) for p in DATA["later_payments"]] + [move(m) for m in spec["later"]]
        ),
    }


def _figures(books):
    """The stated figures as each reader gives them, as at the day."""
    ccw, as_of, year = books["ccw"], books["as_of"], books["year"]
    staff = Client()
    staff.force_login(books["staff"])
    found = {}

    page = staff.get(
        reverse("budgets:contributions-status", args=["CCW"]),
        {"year": year, "as_of": as_of.isoformat()},
    ).content.decode()
    found["page"] = page

    api = (
        Client()
        .get(
            "/api/v1/contributions/status/",
            {"convention": "CCW", "year": year, "as_of": as_of.isoformat()},
        )
        .json()
    )
    found["api"] = api

    xlsx = staff.get(
        reverse("budgets:contributions-xlsx", args=["CCW", year]),
        {"as_of": as_of.isoformat()},
    )
    found["xlsx"] = load_workbook(io.BytesIO(b"".join(xlsx)), data_only=False)

    report = build_isu_report(
        convention=ccw,
        start=dt.date(year, 1, 1),
        end=dt.date(year, 12, 31),
        user=books["staff"],
        today=timezone.localdate(),
        finance_as_of=as_of,
    )
    found["report"] = isu_report_context(report)
    found["pdf"] = pdf_text(isu_report_pdf_bytes(report))
    found["fund_api"] = (
        Client()
        .get("/api/v1/funds/", {"convention": "CCW", "as_of": as_of.isoformat()})
        .json()["results"][0]
    )
    return found


def _check(books, found):
    year, as_of = books["year"], books["as_of"]
    status = contribution_status(convention=books["ccw"], year=year, as_of=as_of)
    assert (status.assessed, status.received, status.outstanding, status.arrears) == (
        usd(EXPECTED["assessed"]),
        usd(EXPECTED["paid"]),
        usd(EXPECTED["outstanding"]),
        usd(EXPECTED["arrears"]),
    )
    assert str(status.received_pct) == EXPECTED["received_pct"]

    page = found["page"]
    for testid, key in [
        ("assessed", "assessed"),
        ("received", "paid"),
        ("outstanding", "outstanding"),
        ("arrears", "arrears"),
    ]:
        assert f'data-testid="{testid}">{grouped(EXPECTED[key])}<' in page
    assert f'data-testid="received-pct">{EXPECTED["received_pct"]}' in page
    assert as_of.strftime("%Y") in page.split('data-testid="as-at"')[1][:80]

    api = found["api"]
    assert api["as_of"] == as_of.isoformat()
    [row] = api["by_currency"]
    assert (row["assessed"], row["received"], row["outstanding"], row["arrears"]) == (
        {"amount": EXPECTED["assessed"], "currency": "USD"},
        {"amount": EXPECTED["paid"], "currency": "USD"},
        {"amount": EXPECTED["outstanding"], "currency": "USD"},
        {"amount": EXPECTED["arrears"], "currency": "USD"},
    )
    assert row["received_pct"] == EXPECTED["received_pct"]

    sheet = found["xlsx"].worksheets[0]
    assert str(as_of.year) in sheet["A1"].value and "as at" in sheet["A1"].value
    [usd_row] = [r for r in sheet.iter_rows(values_only=True) if r and r[0] == "USD"]
    assert [Decimal(str(v)).quantize(Decimal("0.01")) for v in usd_row[1:4]] == [
        Decimal(EXPECTED[k]) for k in ("assessed", "paid", "outstanding")
    ]
    assert Decimal(str(usd_row[5])) == Decimal(EXPECTED["arrears"])

    [contribution] = found["report"]["contributions"]
    for key, name in [
        ("assessed", "assessed"),
        ("received", "paid"),
        ("outstanding", "outstanding"),
        ("arrears", "arrears"),
    ]:
        assert contribution[key].endswith(grouped(EXPECTED[name])), key
    assert contribution["received_pct"] == EXPECTED["received_pct"] + "%"
    [fund_row] = found["report"]["funds"]
    assert fund_row["balance"].endswith(grouped(EXPECTED["fund_balance"]))

    pdf = found["pdf"]
    for key in ("assessed", "paid", "outstanding", "arrears", "fund_balance"):
        assert grouped(EXPECTED[key]) in pdf, key
    assert EXPECTED["received_pct"] + "%" in pdf

    assert fund_balance(books["fund"], on=as_of) == usd(EXPECTED["fund_balance"])
    assert found["fund_api"]["balance"] == {
        "amount": EXPECTED["fund_balance"],
        "currency": "USD",
    }


def test_the_stated_figures_as_at_the_day_in_every_reader(books):
    _check(books, _figures(books))


def test_a_later_payment_changes_nothing_as_at_that_day(books):
    books["later"]()

    _check(books, _figures(books))
    # Today the later payment and contribution count: the figures moved.
    today = contribution_status(convention=books["ccw"], year=books["year"])
    assert today.received == usd(EXPECTED["paid"]) + usd("20000.00")
    assert fund_balance(books["fund"]) > usd(EXPECTED["fund_balance"])
    assert Fund.objects.filter(convention=books["ccw"]).count() == 1
