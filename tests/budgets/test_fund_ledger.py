"""The buffer fund is a ledger: contributions, drawdowns (with what they paid
for) and transfers change its balance, and its coverage of the budget follows.
The balance is never typed."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from budgets.models import Budget, Fund, FundMovement
from budgets.selectors import budget_view, fund_balance
from budgets.services import budget_import, fund_movement_record
from ism.audit import history_of
from ism.money import round_half_up

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"
ON = dt.date(2026, 3, 1)


def chf(amount):
    return Money(Decimal(amount), "CHF")


@pytest.fixture
def data():
    return json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())


@pytest.fixture
def budget(apmbc, data):
    budget, _ = budget_import(data=data)
    return budget


@pytest.fixture
def fund(budget):
    return Fund.objects.get(convention=budget.convention, kind=Fund.Kind.BUFFER)


def opening(data):
    return chf(data["buffer_fund"]["balance"])


def record(fund, actor, kind, amount, purpose=""):
    return fund_movement_record(
        fund=fund,
        actor=actor,
        date=ON,
        kind=kind,
        amount=amount,
        purpose=purpose,
        decision="Decision of the Coordinating Committee" if purpose else "",
    )


def test_a_contribution_raises_the_balance_and_the_coverage(
    fund, budget, data, isu_staff
):
    record(fund, isu_staff, "contribution", chf("10566"))

    assert fund_balance(fund) == opening(data) + chf("10566")
    total = Decimal(data["expected_totals"]["total"])
    [status] = budget_view(budget).funds
    assert status.coverage == round_half_up(
        (opening(data).amount + 10566) / total, Decimal("0.001")
    )  # 769,221 ÷ 769,221: fully covered
    assert status.coverage == 1
    assert status.target == chf(data["expected_totals"]["total"])


def test_a_drawdown_lowers_the_balance_and_says_what_it_paid_for(fund, data, isu_staff):
    movement = record(
        fund, isu_staff, "drawdown", chf("20000"), "Bridge a late contribution"
    )

    assert fund_balance(fund) == opening(data) - chf("20000")
    assert movement.recorded_by == isu_staff
    event = history_of(fund).first()
    assert event.changes["balance"] == ["758655.00", "738655.00"]
    assert "Bridge a late contribution" in event.changes["movement"][1]


def test_a_drawdown_without_a_purpose_is_refused(fund, data, isu_staff):
    with pytest.raises(ValidationError) as refusal:
        record(fund, isu_staff, "drawdown", chf("20000"), "  ")

    assert refusal.value.message_dict == {
        "purpose": ["Say what the drawdown pays for."]
    }
    assert fund_balance(fund) == opening(data)


def test_transfers_move_the_balance_both_ways(fund, data, isu_staff):
    record(fund, isu_staff, "transfer_out", chf("5000"), "To the EU project account")
    record(fund, isu_staff, "transfer_in", chf("1500"), "Unspent 2025 balance")

    assert fund_balance(fund) == opening(data) - chf("3500")


def test_the_fund_cannot_pay_out_more_than_it_holds(fund, data, isu_staff):
    with pytest.raises(ValidationError) as refusal:
        record(fund, isu_staff, "drawdown", opening(data) + chf("1"), "Too much")

    assert list(refusal.value.message_dict) == ["amount"]
    assert FundMovement.objects.filter(fund=fund).count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (chf("-100"), "An amount cannot be negative."),
        (chf("0"), "Enter an amount above zero."),
        (Money(100, "EUR"), "Must be in CHF, the budget's currency (not EUR)."),
        ("100", "Enter a number."),
    ],
)
def test_it_refuses_amounts_that_are_not_a_positive_sum_in_the_funds_currency(
    fund, data, isu_staff, amount, message
):
    with pytest.raises(ValidationError) as refusal:
        record(fund, isu_staff, "contribution", amount)

    assert refusal.value.message_dict == {"amount": [message]}
    assert fund_balance(fund) == opening(data)


def test_the_opening_balance_is_recorded_once(fund, isu_staff):
    with pytest.raises(ValidationError) as refusal:
        record(fund, isu_staff, "opening", chf("1"))

    assert list(refusal.value.message_dict) == ["kind"]


def test_a_movement_has_the_budget_in_preparation_rendered_again(
    fund, budget, isu_staff, monkeypatch, django_capture_on_commit_callbacks
):
    """The draft document shows the fund's balance and coverage."""
    from budgets.tasks import budget_render_pdf

    sent = []
    monkeypatch.setattr(budget_render_pdf, "delay", sent.append)

    with django_capture_on_commit_callbacks(execute=True):
        record(fund, isu_staff, "contribution", chf("1000"))

    assert sent == [budget.pk]
    assert Budget.objects.get(pk=budget.pk).revision == budget.revision + 1
