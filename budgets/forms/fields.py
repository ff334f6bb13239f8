"""Fields of the budget pages for amounts, FTE and rates typed as text: each says
plainly why "fifty", "EUR 2,700" or "150" is refused, which a number input could
not (the browser would drop the text before the page saw it)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _
from djmoney.money import Money
from moneyed import CURRENCIES

from budgets.services.values import clean_fte, clean_money, clean_rate, verdict


def _judge(judge, value, *args) -> None:
    """Refuse with the service's own message (budgets.services.values)."""
    message = verdict(judge, value, *args)
    if message is not None:
        raise forms.ValidationError(message)


# Grouping people type: 50,000 / 50'000 / 50’000 / 50 000 (also no-break spaces).
# Grouping must be in threes, so "1,5" (a decimal comma) is refused, not read as 15.
_GROUPED = re.compile(r"\d{1,3}(?:([,'’\u00a0\u202f ])\d{3})?(?:\1\d{3})*")
_PLAIN = re.compile(r"\d+")
_CODE = re.compile(r"^([A-Za-z]{3})\s*(.*)$|^(.*?)\s*([A-Za-z]{3})$")


def _parse_number(text: str) -> Decimal | None:
    """A non-negative or negative decimal with a point, optional grouping; None if
    it is not a number."""
    text = text.strip()
    sign = ""
    if text[:1] in "-−":  # a typed minus sign is a minus too
        sign, text = "-", text[1:].strip()
    whole, _point, fraction = text.partition(".")
    if _point and not fraction.isdigit():
        return None
    if not (_PLAIN.fullmatch(whole) or _GROUPED.fullmatch(whole)):
        return None
    digits = re.sub(r"[,'’\u00a0\u202f ]", "", whole)
    try:
        return Decimal(f"{sign}{digits}.{fraction or '0'}")
    except InvalidOperation:
        return None


def plain_decimal(value: Decimal) -> str:
    """568386.00 → "568386", 0.60 → "0.6": what a person would type."""
    value = value.normalize()
    return format(value, "f")


class AmountInput(forms.TextInput):
    """A text input for an amount: inputmode keeps the numeric keypad on phones,
    and a text field lets the page say *why* "fifty" or "EUR 2,700" is refused."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "amount", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Money):
            value = value.amount
        if isinstance(value, Decimal):
            return plain_decimal(value)
        return super().format_value(value)


class _TypedNumberField(forms.Field):
    """A number typed as text, optional unless said otherwise. `read` turns the
    text into the field's value; a value already read (`value_type`) passes."""

    widget = AmountInput
    value_type: type = Decimal

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def read(self, text: str):
        raise NotImplementedError

    def number(self, text: str) -> Decimal:
        """The number in `text`, or the field's "invalid" message."""
        number = _parse_number(text)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, self.value_type):
            return value
        return self.read(str(value))

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class AmountField(_TypedNumberField):
    """An amount in the budget's currency, as Money. A currency code typed with
    it must be the budget's: amounts are never converted silently."""

    value_type = Money
    default_error_messages = {
        "invalid": _("Enter a number, e.g. 50000 or 50,000."),
        "currency": _(
            "Amounts are in %(currency)s, the budget's currency: "
            "%(typed)s cannot be entered here."
        ),
    }

    def __init__(self, *, currency: str, **kwargs):
        self.currency = currency
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value

    def read(self, text: str) -> Money:
        text = text.strip()
        match = _CODE.match(text)
        if match:
            code = (match.group(1) or match.group(4)).upper()
            rest = match.group(2) if match.group(1) else match.group(3)
            if rest and code in CURRENCIES:
                if code != self.currency:
                    raise forms.ValidationError(
                        self.error_messages["currency"],
                        code="currency",
                        params={"currency": self.currency, "typed": code},
                    )
                text = rest
        return Money(self.number(text), self.currency)

    def validate(self, value):
        # The form reads the text; whether the amount may stand (sign, size,
        # cents) is the service's rule, asked here so the page says it at once.
        super().validate(value)
        if value is not None:
            _judge(clean_money, value, self.currency)


class DecimalTextField(_TypedNumberField):
    """A decimal typed as text ("0.6", "19.5 %"), refused with a plain message."""

    default_error_messages = {"invalid": _("Enter a number, e.g. 0.6.")}

    def __init__(self, *, places: int | None, **kwargs):
        self.places = places
        super().__init__(**kwargs)

    def clean_text(self, text: str) -> str:
        return text

    def read(self, text: str) -> Decimal:
        number = self.number(self.clean_text(text))
        if self.places is not None and -number.as_tuple().exponent > self.places:
            raise forms.ValidationError(
                _("Use at most %(places)d decimal places."),
                code="places",
                params={"places": self.places},
            )
        return number


class FTEField(DecimalTextField):
    """A position's FTE: read here, judged by the service's rule (clean_fte:
    present, more than 0 and at most 1, two places)."""

    default_error_messages = {"invalid": _("Enter the FTE as a number, e.g. 0.6.")}

    def __init__(self, **kwargs):
        super().__init__(places=None, **kwargs)

    def validate(self, value):
        super().validate(value)
        _judge(clean_fte, value)


class PercentField(DecimalTextField):
    """A rate typed in percent (19.5) and returned as the share the budget stores
    (0.195)."""

    default_error_messages = {"invalid": _("Enter the rate in percent, e.g. 19.5.")}

    def __init__(self, **kwargs):
        # The budget stores the share with five places: three in percent.
        super().__init__(places=3, **kwargs)

    def clean_text(self, text: str) -> str:
        return text.strip().removesuffix("%").strip()

    def prepare_value(self, value):
        # The stored share is shown in percent; a typed (bound) string is kept.
        if isinstance(value, Decimal):
            return plain_decimal(value * 100)
        return value

    def has_changed(self, initial, data):
        try:
            typed = self.to_python(data)
        except forms.ValidationError:
            return True
        return (initial * 100 if initial is not None else None) != typed

    def clean(self, value):
        percent = super().clean(value)
        if percent is None:
            return None
        share = percent / 100
        _judge(clean_rate, share)  # the service's rule: between 0% and 100%
        return share


class MoneyTextField(_TypedNumberField):
    """An amount with its own currency ("EUR 2,700,000"), for what sits outside
    the budget and keeps the donor's currency (earmarked projects)."""

    default_error_messages = {
        "invalid": _("Enter the amount with its currency, e.g. EUR 2,700,000."),
    }

    def prepare_value(self, value):
        if isinstance(value, Money):
            return f"{value.currency} {plain_decimal(value.amount)}"
        return value

    def read(self, text: str) -> Money:
        match = _CODE.match(text.strip())
        code = match and (match.group(1) or match.group(4) or "").upper()
        if not code or code not in CURRENCIES:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        rest = match.group(2) if match.group(1) else match.group(3)
        return Money(self.number(rest), code)
