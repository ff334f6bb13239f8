"""The fund pages: staff create a fund and keep its ledger in the browser — an
opening balance with its source, a State's contribution from its payment, a
drawdown with its purpose and decision, a transfer to another fund, a reversal —
each audited; the balance is read as at any day, with its target, coverage and
chart; committees read, only staff write; the pages and the API's lists read as
many queries for many movements as for few."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from djmoney.money import Money

from budgets.models import Fund, FundMovement
from budgets.selectors import fund_balance
from budgets.services import fund_movement_record
from ism.audit import history_of
from tests.budgets.contrib import issue_invoice, pay

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def chf(amount) -> Money:
    return Money(amount, "CHF")


@pytest.fixture
def staff(client_for, isu_staff):
    return client_for(isu_staff)


def create_fund(staff, name="Working Capital Fund", kind="working_capital", **more):
    response = staff.post(
        reverse("budgets:fund-list", args=["APMBC"]),
        {"kind": kind, "name": name, "target_years": "1", **more},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    return Fund.objects.get(name=name)


def post(staff, fund, action, **data):
    return staff.post(
        reverse("budgets:fund-detail", args=["APMBC", fund.pk]),
        {"action": action, **data},
    )


def test_staff_keep_a_fund_in_the_browser_and_every_step_is_audited(
    staff, apmbc, state_a
):
    wcf = create_fund(staff, target_amount="50000")
    other = create_fund(staff, name="Special fund", kind="other")
    payment = pay(
        issue_invoice(
            apmbc,
            state_a,
            "3000.00",
            year=days_ago(60).year,
            issue_date=days_ago(60),
            due_date=days_ago(45),
        ),
        "3000.00",
        date=days_ago(40),
    )
    steps = [
        ("movement", {"kind": "opening", "date": days_ago(90), "amount": "40000",
                      "decision": "Audited statement of the previous year"}),
        ("movement", {"kind": "contribution", "date": days_ago(40),
                      "amount": "2500.50", "state": state_a.pk,
                      "payment": payment.pk}),
        ("movement", {"kind": "drawdown", "date": days_ago(30), "amount": "1000",
                      "purpose": "Bridge a late contribution",
                      "decision": "Coordinating Committee, 3rd meeting"}),
        ("transfer", {"target": other.pk, "date": days_ago(20), "amount": "500"}),
    ]  # fmt: skip
    for action, data in steps:
        response = post(staff, wcf, action, **data)
        assert response.status_code == 302, response.content.decode()[:3000]

    assert fund_balance(wcf) == chf("41000.50")
    assert fund_balance(other) == chf("500")
    contribution = FundMovement.objects.get(kind="contribution")
    assert (contribution.state, contribution.payment) == (state_a, payment)

    # A wrong drawdown is reversed, not edited: the ledger keeps both.
    drawdown = FundMovement.objects.get(kind="drawdown")
    response = post(
        staff, wcf, "reverse", movement=drawdown.pk, date=days_ago(10),
        reason="Paid from the regular budget after all",
    )  # fmt: skip
    assert response.status_code == 302
    assert fund_balance(wcf) == chf("42000.50")
    assert FundMovement.objects.filter(fund=wcf).count() == 5
    # The transfer is reversed on both sides.
    out = FundMovement.objects.get(fund=wcf, kind="transfer_out")
    post(staff, wcf, "reverse", movement=out.pk, date=days_ago(5), reason="Error")
    assert fund_balance(wcf) == chf("42500.50")
    assert fund_balance(other) == chf("0")

    verbs = list(history_of(wcf).values_list("verb", flat=True))
    assert "fund created" in verbs
    assert "drawdown recorded" in verbs
    assert verbs.count("reversal recorded") == 2

    # As at a day: the balance before the drawdown, and the page says the day.
    page = staff.get(
        reverse("budgets:fund-detail", args=["APMBC", wcf.pk]),
        {"as_of": days_ago(35).isoformat()},
    )
    text = page.content.decode()
    assert 'data-testid="balance">42,500.50<' in text
    assert 'data-testid="target">50,000.00<' in text
    assert 'class="balance-line"' in text  # the chart, drawn on the server


def test_a_drawdown_needs_its_purpose_and_decision(staff, apmbc):
    wcf = create_fund(staff)
    post(staff, wcf, "movement", kind="opening", date=days_ago(9), amount="100")

    response = post(
        staff, wcf, "movement", kind="drawdown", date=days_ago(1), amount="10"
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Say what the drawdown pays for." in text
    assert "Name the decision that authorised the drawdown." in text
    assert fund_balance(wcf) == chf("100")


def test_committees_read_the_ledger_but_only_staff_write(
    client_for, staff, committee_member, apmbc
):
    wcf = create_fund(staff)
    reader = client_for(committee_member)

    page = reader.get(reverse("budgets:fund-detail", args=["APMBC", wcf.pk]))
    assert page.status_code == 200
    assert 'data-testid="movement-form"' not in page.content.decode()
    response = post(
        reader, wcf, "movement", kind="opening", date=days_ago(1), amount="10"
    )
    assert response.status_code == 403
    assert not FundMovement.objects.exists()


def _grow(fund, start, count):
    for i in range(start, start + count):
        fund_movement_record(
            fund=fund, actor=None, date=days_ago(400 - i), kind="contribution",
            amount=chf(100 + i),
        )  # fmt: skip


@pytest.mark.parametrize(
    "path",
    [
        lambda f: reverse("budgets:fund-detail", args=["APMBC", f.pk]),
        lambda f: reverse("budgets:fund-list", args=["APMBC"]),
        lambda f: f"/api/v1/funds/{f.pk}/movements/",
        lambda f: "/api/v1/funds/",
    ],
    ids=["page", "list-page", "api-movements", "api-list"],
)
def test_the_pages_and_lists_read_no_more_queries_for_more_movements(
    staff, apmbc, django_assert_max_num_queries, path
):
    wcf = create_fund(staff)
    _grow(wcf, 0, 3)
    staff.get(path(wcf))
    with django_assert_max_num_queries(25) as few:
        assert staff.get(path(wcf)).status_code == 200
        few_count = len(few)
    _grow(wcf, 3, 30)
    staff.get(path(wcf))  # warm again: the menu's to-do counts follow the audit
    with django_assert_max_num_queries(few_count):
        assert staff.get(path(wcf)).status_code == 200


def test_the_api_shows_balances_to_anyone_and_movements_to_the_convention(staff, apmbc):
    client = Client()  # anonymous (`staff` is the test's own client, signed in)
    wcf = create_fund(staff)
    post(staff, wcf, "movement", kind="opening", date=days_ago(9), amount="100.25")

    body = client.get("/api/v1/funds/", {"as_of": days_ago(1).isoformat()}).json()
    [row] = body["results"]
    assert row["balance"] == {"amount": "100.25", "currency": "CHF"}
    assert row["as_of"] == days_ago(1).isoformat()
    assert client.get(row["movements_url"]).json()["count"] == 0
    assert staff.get(row["movements_url"]).json()["count"] == 1
    earlier = client.get("/api/v1/funds/", {"as_of": days_ago(10).isoformat()})
    assert earlier.json()["results"][0]["balance"]["amount"] == "0.00"
    assert client.get("/api/v1/funds/", {"as_of": "2026-02-30"}).status_code == 400
