"""Validation has one judge: the budget page's fields read text into values and
ask the service's rules (budgets.services.values, budgets.services.content)
whether the value may stand, so the page and the service (and the import
command, and the API) refuse the same value with the same words."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money

from budgets.forms.edit import PositionForm
from budgets.forms.fields import AmountField, FTEField, PercentField
from budgets.services.content import clean_content
from budgets.services.values import clean_fte, clean_money, clean_rate, verdict


def _field_error(field, text) -> str | None:
    try:
        field.clean(text)
    except ValidationError as exc:
        return exc.messages[0]
    return None


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("-100", Money("-100", "CHF")),
        ("1.234", Money("1.234", "CHF")),
        ("1000000000000", Money("1000000000000", "CHF")),
        ("50,000", Money("50000", "CHF")),
    ],
)
def test_an_amount_is_refused_by_the_page_as_by_the_service(typed, value):
    page = _field_error(AmountField(currency="CHF"), typed)
    assert page == verdict(clean_money, value, "CHF")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("", None),
        ("0", Decimal("0")),
        ("1.5", Decimal("1.5")),
        ("-0.5", Decimal("-0.5")),
        ("0.333", Decimal("0.333")),
        ("0.6", Decimal("0.6")),
    ],
)
def test_an_fte_is_refused_by_the_page_as_by_the_service(typed, value):
    assert _field_error(FTEField(), typed) == verdict(clean_fte, value)


@pytest.mark.parametrize(
    ("typed", "share"),
    [("150", Decimal("1.5")), ("-5", Decimal("-0.05")), ("19.5", Decimal("0.195"))],
)
def test_a_rate_is_refused_by_the_page_as_by_the_service(typed, share):
    """The page said "Enter a rate between 0% and 100%.", the service "The rate
    must be between 0% and 100%.": the service's words, for both."""
    assert _field_error(PercentField(), typed) == verdict(clean_rate, share)


@pytest.mark.parametrize(
    ("salary", "message"),
    [
        ("", "Enter the position title."),
        ("90000", "A salary needs a position title."),
    ],
)
def test_a_position_without_a_title_gets_one_wording(salary, message):
    """The page said "Enter the position's title.", the service "Enter the
    position title.": the service's wording, the aria-label's words, is kept."""
    form = PositionForm(
        {"title": "", "grade": "P-3", "fte": "1", "salary": salary},
        currency="CHF",
    )
    assert not form.is_valid()
    assert form.errors["title"] == [message]
    row = {"title": "", "grade": "P-3", "fte": Decimal(1)}
    row["salary"] = Money(salary, "CHF") if salary else None
    with pytest.raises(ValidationError) as refusal:
        clean_content(currency="CHF", positions=[row])
    assert refusal.value.message_dict["positions.0.title"] == [message]
