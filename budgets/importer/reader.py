"""The pieces every section of a budget file is read with: the plan being built,
typed access to the file's values, and what the source note says.

The problems are collected on the plan, each at its path in the file, so that
reading goes on and one pass finds them all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import moneyed
from django.core.exceptions import ValidationError

from budgets.models import BudgetLine
from budgets.services.content import Content

NUMBER = re.compile(r"-?\d+(\.\d+)?")
# "22nd Meeting of the States Parties, Geneva, 1-5 December 2025"; "Eleventh
# Meeting of States Parties, Geneva, 11-14 September 2023".
MEETING = re.compile(
    r"((?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+(?:-[a-z]+)?) Meeting of (?:the )?States "
    r"Parties(?:, [A-Z][a-z]+, \d{1,2}(?:[-–]\d{1,2})? [A-Z][a-z]+ \d{4})?)"
)
AGENDA_ITEM = re.compile(r"agenda item (\d+(?:\([a-z]+\))*)")
DATED = re.compile(r"\bdated (\d{1,2} [A-Z][a-z]+ \d{4})")
PERIOD = re.compile(r"\s*(\d{4})\s*[-–]\s*(\d{4})\b")


@dataclass
class ImportPlan:
    convention_code: str | None = None
    year: int | None = None
    currency: str | None = None
    source: str = ""
    content: Content | None = None
    earmarked: list[dict] = field(default_factory=list)
    buffer_fund: dict | None = None
    # Published figures to reproduce: {json path: (figure name, value)}.
    expected: dict[str, tuple[str, Decimal]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def problem(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


class _Reader:
    """Typed access to the file's values; each bad value is one problem at its
    path, and reading goes on so every problem is found in one pass."""

    MISSING = object()

    def __init__(self, plan: ImportPlan):
        self.plan = plan

    def get(self, obj, key, path, *, required=True):
        if not isinstance(obj, dict):
            return None
        if key not in obj or obj[key] is None:
            if required:
                self.plan.problem(path, "missing")
            return None
        return obj[key]

    def obj(self, value, path) -> dict | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            self.plan.problem(path, "expected an object")
            return None
        return value

    def list(self, value, path) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.plan.problem(path, "expected a list")
            return []
        return value

    def text(self, value, path) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.plan.problem(
                path, f"expected text, got {json.dumps(value, default=str)}"
            )
            return None
        return value.strip()

    def number(self, value, path) -> Decimal | None:
        """Numbers are written as strings in the reference files ("568386"); JSON
        numbers are accepted too. Grouping (568 386, 50'000) is not: the file says
        the figure, not how a document printed it."""
        if value is None:
            return None
        if isinstance(value, bool):
            return self._not_a_number(value, path)
        if isinstance(value, Decimal | int):
            return Decimal(value)
        if isinstance(value, float):
            # JSON parsed without parse_float=Decimal: its shortest repr is the text.
            return Decimal(repr(value))
        if isinstance(value, str) and NUMBER.fullmatch(value.strip()):
            try:
                return Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the pattern guarantees it
                pass
        return self._not_a_number(value, path)

    def _not_a_number(self, value, path):
        self.plan.problem(path, f"not a number: {json.dumps(value, default=str)}")
        return None

    def whole(self, value, path) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.plan.problem(
                path, f"expected a whole number, got {json.dumps(value, default=str)}"
            )
            return None
        return value

    def currency(self, value, path) -> str | None:
        code = self.text(value, path)
        if code is None:
            return None
        try:
            moneyed.get_currency(code)
        except moneyed.CurrencyDoesNotExist:
            self.plan.problem(path, f"not a currency code: {json.dumps(value)}")
            return None
        return code

    def date(self, value, path) -> dt.date | None:
        text = self.text(value, path)
        if text is None:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.plan.problem(path, f"not a date (YYYY-MM-DD): {json.dumps(value)}")
            return None


def title_block(source: str) -> dict[str, Any]:
    """What the source note reliably says about the document: the meeting, the
    agenda item, the date. What it does not say stays blank."""
    block: dict[str, Any] = {}
    if match := MEETING.search(source):
        block["meeting"] = match.group(1)
    if match := AGENDA_ITEM.search(source):
        block["agenda_item"] = match.group(1)
    if match := DATED.search(source):
        with contextlib.suppress(ValueError):
            block["document_date"] = dt.datetime.strptime(  # noqa: DTZ007 - a date
                match.group(1), "%d %B %Y"
            ).date()
    return block


def line_category(label: str) -> str:
    text = label.lower()
    if "travel" in text:
        return BudgetLine.Category.TRAVEL
    if "communication" in text:
        return BudgetLine.Category.COMMUNICATIONS
    return BudgetLine.Category.OTHER
