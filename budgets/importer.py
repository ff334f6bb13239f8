"""Reading the budget file format of ism/reference/*-budget.json.

`read(data)` checks every part of the file and maps it onto a budget's content
(budgets.services.content, the same rules as the edit page) and onto what sits
beside the budget (earmarked projects, the buffer fund). It never touches the
database: budgets.services.budget_import adds the checks that need it
(convention, currency, totals) and writes.

Every problem is reported with its path in the file, e.g.
`lines[2].amount: not a number: "5O000"`, so whoever fixes the file finds it.

What the format says and how it maps:
- lines: the published figures. The "Salaries" staff line is the salaries total
  (only a total is published for APMBC 2026); the "Social security" staff line is
  the explicit amount, which wins over a rate (a published estimate may not equal
  rate × salaries); a social security line with a rate and no amount is computed
  from the rate. Operations lines become budget lines: travel if the label says
  travel, communications if it says communication, other support costs else.
- social_security_rate: kept on the budget when the file gives it.
- staff.positions: titles and FTE (salaries per position are not published).
- travel: the listed missions and the ceiling on missions (a note).
- budget_notes, assumptions, notes of staff lines: ordered notes.
- expected_totals: the published subtotals and total, which the import must
  reproduce to the unit or refuse.
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
from djmoney.money import Money

from budgets.models import BudgetLine
from budgets.services.content import (
    HEADER_FIELDS,
    HEADER_TEXT,
    Content,
    clean_content,
)

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
EXPECTED_TOTALS = {
    "staff_subtotal": "staff_subtotal",
    "travel_and_other_subtotal": "operations_subtotal",
    "total": "total",
}


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


def read(data: Any) -> ImportPlan:
    """Check and map a parsed budget file. Problems are collected in plan.errors,
    nothing is raised: the caller adds its own checks and reports them all."""
    plan = ImportPlan()
    r = _Reader(plan)
    if not isinstance(data, dict):
        plan.problem("(file)", "expected a JSON object")
        return plan

    plan.source = (
        r.text(r.get(data, "source", "source", required=False), "source") or ""
    )
    convention = r.obj(r.get(data, "convention", "convention"), "convention")
    plan.convention_code = r.text(
        r.get(convention, "code", "convention.code"), "convention.code"
    )
    year = r.whole(r.get(data, "year", "year"), "year")
    if year is not None and not 1990 <= year <= 2100:
        plan.problem("year", f"not a budget year: {year}")
    else:
        plan.year = year
    plan.currency = r.currency(r.get(data, "currency", "currency"), "currency")
    currency = plan.currency or "XXX"

    # Where each content value came from in the file, to report problems there.
    origin: dict[str, str] = {}
    renames = {"valuation_note": "valued"}
    # Every header field, so that an import with --replace leaves nothing of the
    # content it replaces: what the file does not say is blank.
    fields: dict[str, Any] = {
        name: "" if name in HEADER_TEXT else None for name in HEADER_FIELDS
    }
    notes: list[dict] = []

    if plan.year is not None and plan.convention_code:
        fields["title"] = (
            f"{plan.convention_code} Implementation Support Unit budget {plan.year}"
        )
    fields.update(title_block(plan.source))
    origin.update({k: "source" for k in ("meeting", "agenda_item", "document_date")})
    symbol = r.text(
        r.get(data, "document_symbol", "document_symbol", required=False),
        "document_symbol",
    )
    if symbol:
        fields["document_symbol"] = symbol

    # Staff positions: titles and FTE; a salary where one is published.
    staff = r.obj(r.get(data, "staff", "staff", required=False), "staff") or {}
    positions = []
    for i, row in enumerate(
        r.list(r.get(staff, "positions", "staff.positions"), "staff.positions")
    ):
        path = f"staff.positions[{i}]"
        row = r.obj(row, path) or {}
        origin[f"positions.{i}"] = path
        salary = r.number(row.get("salary"), f"{path}.salary")
        positions.append(
            {
                "title": r.text(row.get("title"), f"{path}.title") or "",
                "grade": r.text(row.get("grade"), f"{path}.grade") or "",
                "fte": r.number(r.get(row, "fte", f"{path}.fte"), f"{path}.fte"),
                "salary": None if salary is None else Money(salary, currency),
            }
        )
    total_fte = r.number(staff.get("total_fte"), "staff.total_fte")
    fte_values = [p["fte"] for p in positions]
    if (
        total_fte is not None
        and positions
        and all(fte is not None and 0 < fte <= 1 for fte in fte_values)
        and sum(fte_values, Decimal(0)) != total_fte
    ):
        plan.problem(
            "staff.total_fte",
            f"the positions add up to {sum(fte_values, Decimal(0))} FTE, "
            f"not {total_fte}",
        )

    # Lines: the published figures.
    rate_path = "social_security_rate"
    file_rate = r.number(data.get("social_security_rate"), rate_path)
    if file_rate is not None:
        fields["social_security_rate"] = file_rate
        origin["social_security_rate"] = rate_path
    lines: list[dict] = []
    staff_line_notes: list[tuple[str, str, str]] = []
    seen_staff: dict[str, str] = {}
    for i, row in enumerate(r.list(r.get(data, "lines", "lines"), "lines")):
        path = f"lines[{i}]"
        row = r.obj(row, path) or {}
        category = r.text(
            r.get(row, "category", f"{path}.category"), f"{path}.category"
        )
        label = r.text(r.get(row, "label", f"{path}.label"), f"{path}.label") or ""
        amount = r.number(row.get("amount"), f"{path}.amount")
        rate = r.number(row.get("rate"), f"{path}.rate")
        note = r.text(row.get("note"), f"{path}.note") or ""
        has_amount = "amount" in row and row["amount"] is not None
        if category == "staff":
            kind = {"salaries": "salaries", "social security": "social_security"}.get(
                label.lower()
            )
            if kind is None:
                plan.problem(
                    f"{path}.label",
                    f'a staff line is "Salaries" or "Social security", not '
                    f"{json.dumps(label)}",
                )
                continue
            if kind in seen_staff:
                plan.problem(
                    f"{path}.label",
                    f"a second {label} line (first at {seen_staff[kind]})",
                )
                continue
            seen_staff[kind] = path
            if note:
                staff_line_notes.append((label, note, f"{path}.note"))
            if kind == "salaries":
                if rate is not None:
                    plan.problem(f"{path}.rate", "salaries are an amount, not a rate")
                if not has_amount:
                    plan.problem(f"{path}.amount", "missing")
                elif amount is not None:
                    fields["salaries_total"] = Money(amount, currency)
                    origin["salaries_total"] = f"{path}.amount"
                continue
            # Social security: the published amount wins; a rate is kept beside it,
            # and computes the amount where none is published.
            if rate is not None:
                if file_rate is not None and rate != file_rate:
                    plan.problem(
                        f"{path}.rate",
                        f"{rate} differs from social_security_rate {file_rate}",
                    )
                fields["social_security_rate"] = rate
                origin["social_security_rate"] = f"{path}.rate"
            if has_amount and amount is not None:
                fields["social_security_amount"] = Money(amount, currency)
                origin["social_security_amount"] = f"{path}.amount"
            elif not has_amount and rate is None and file_rate is None:
                plan.problem(f"{path}.amount", "missing (give an amount or a rate)")
        elif category == "operations":
            if rate is not None:
                plan.problem(
                    f"{path}.rate",
                    "only the social security line can be given as a rate; give "
                    "the amount",
                )
            if not has_amount:
                plan.problem(f"{path}.amount", "missing")
            origin[f"lines.{len(lines)}"] = path
            lines.append(
                {
                    "category": line_category(label),
                    "label": label,
                    "amount": None if amount is None else Money(amount, currency),
                    "note": note,
                }
            )
        elif category is not None:
            plan.problem(
                f"{path}.category",
                f'expected "staff" or "operations", not {json.dumps(category)}',
            )

    # What "other support costs" covers is published as a list beside the lines.
    covers = [
        r.text(item, f"other_support_costs_cover[{i}]")
        for i, item in enumerate(
            r.list(data.get("other_support_costs_cover"), "other_support_costs_cover")
        )
    ]
    covers = [c for c in covers if c]
    other = next(
        (ln for ln in lines if ln["category"] == BudgetLine.Category.OTHER), None
    )
    if covers and other is not None and not other["note"]:
        other["note"] = "; ".join(covers)

    for label, note, path in staff_line_notes:
        origin[f"notes.{len(notes)}"] = path
        notes.append({"kind": "note", "text": f"{label}: {note}"})

    # Travel: the mission plan as published (purpose and number of missions).
    travel = r.obj(data.get("travel"), "travel") or {}
    missions = []
    for i, row in enumerate(
        r.list(travel.get("listed_missions"), "travel.listed_missions")
    ):
        path = f"travel.listed_missions[{i}]"
        row = r.obj(row, path) or {}
        origin[f"missions.{i}"] = path
        unit_cost = r.number(row.get("unit_cost"), f"{path}.unit_cost")
        missions.append(
            {
                "purpose": r.text(
                    r.get(row, "purpose", f"{path}.purpose"), f"{path}.purpose"
                )
                or "",
                "count": r.whole(r.get(row, "count", f"{path}.count"), f"{path}.count"),
                "haul": r.text(row.get("haul"), f"{path}.haul") or "",
                "unit_cost": None if unit_cost is None else Money(unit_cost, currency),
            }
        )
    max_missions = r.whole(travel.get("max_missions"), "travel.max_missions")
    travel_class = r.text(travel.get("class"), "travel.class")
    listed = sum(m["count"] for m in missions if isinstance(m["count"], int))
    if max_missions is not None:
        if listed > max_missions:
            plan.problem(
                "travel.max_missions",
                f"the listed missions add up to {listed}, more than {max_missions}",
            )
        origin[f"notes.{len(notes)}"] = "travel.max_missions"
        text = f"Travel: up to {max_missions} missions"
        notes.append(
            {
                "kind": "note",
                "text": text + (f"; {travel_class}." if travel_class else "."),
            }
        )

    for key, kind in (("budget_notes", "note"), ("assumptions", "assumption")):
        for i, item in enumerate(r.list(data.get(key), key)):
            origin[f"notes.{len(notes)}"] = f"{key}[{i}]"
            notes.append({"kind": kind, "text": r.text(item, f"{key}[{i}]") or ""})
    renames["text"] = ""

    in_kind = []
    for i, row in enumerate(r.list(data.get("in_kind"), "in_kind")):
        path = f"in_kind[{i}]"
        row = r.obj(row, path) or {}
        origin[f"in_kind.{i}"] = path
        value = r.number(row.get("estimated_value"), f"{path}.estimated_value")
        in_kind.append(
            {
                "provider": r.text(row.get("provider"), f"{path}.provider") or "",
                "covers": r.text(row.get("covers"), f"{path}.covers") or "",
                "estimated_value": None if value is None else Money(value, currency),
                "valuation_note": r.text(row.get("valued"), f"{path}.valued") or "",
            }
        )

    _read_earmarked(plan, r, data)
    _read_buffer_fund(plan, r, data, currency)
    _read_expected(plan, r, data)

    # The budget's own rules (FTE in (0, 1], amounts not negative, ...) are the
    # service's, applied here with each problem put back at its place in the file.
    try:
        plan.content = clean_content(
            currency=currency,
            fields=fields,
            positions=positions,
            lines=lines,
            missions=missions,
            notes=notes,
            in_kind=in_kind,
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            path = _file_path(key, origin, renames)
            # A value the reader already refused (not a number, missing) is
            # reported once, in the reader's words.
            if path not in plan.errors:
                for message in messages:
                    plan.problem(path, message)
    return plan


def _file_path(key: str, origin: dict[str, str], renames: dict[str, str]) -> str:
    if key in origin:
        return origin[key]
    prefix, _, attr = key.rpartition(".")
    if prefix in origin:
        attr = renames.get(attr, attr)
        return f"{origin[prefix]}.{attr}" if attr else origin[prefix]
    return key


def _read_earmarked(plan: ImportPlan, r: _Reader, data: dict) -> None:
    for i, row in enumerate(
        r.list(data.get("earmarked_projects"), "earmarked_projects")
    ):
        path = f"earmarked_projects[{i}]"
        row = r.obj(row, path) or {}
        texts = {
            name: r.text(
                r.get(row, name, f"{path}.{name}", required=required), f"{path}.{name}"
            )
            or ""
            for name, required in (
                ("name", True),
                ("donor", True),
                ("instrument", False),
                ("covers", False),
            )
        }
        for name, limit in (("name", 300), ("donor", 200), ("instrument", 200)):
            if len(texts[name]) > limit:
                plan.problem(f"{path}.{name}", f"at most {limit} characters")
        amount = r.number(r.get(row, "amount", f"{path}.amount"), f"{path}.amount")
        if amount is not None and amount <= 0:
            plan.problem(f"{path}.amount", f"must be more than 0 (got {amount})")
        currency = r.currency(
            r.get(row, "currency", f"{path}.currency"), f"{path}.currency"
        )
        period = r.text(r.get(row, "period", f"{path}.period"), f"{path}.period")
        start = end = None
        if period is not None:
            match = PERIOD.match(period)
            if match is None:
                plan.problem(
                    f"{path}.period",
                    f'expected "YYYY-YYYY ...", got {json.dumps(period)}',
                )
            else:
                start, end = int(match.group(1)), int(match.group(2))
                if end < start:
                    plan.problem(f"{path}.period", f"ends ({end}) before it starts")
                if len(period) > 200:
                    plan.problem(f"{path}.period", "at most 200 characters")
        plan.earmarked.append(
            {
                **texts,
                "agreed_on": r.date(row.get("agreed_on"), f"{path}.agreed_on"),
                "amount": Money(amount, currency) if amount and currency else None,
                "start_year": start,
                "end_year": end,
                "period_note": period or "",
            }
        )


def _read_buffer_fund(plan: ImportPlan, r: _Reader, data: dict, currency) -> None:
    fund = r.obj(data.get("buffer_fund"), "buffer_fund")
    if fund is None:
        return
    balance = r.number(
        r.get(fund, "balance", "buffer_fund.balance"), "buffer_fund.balance"
    )
    if balance is not None and balance < 0:
        plan.problem("buffer_fund.balance", f"must not be negative (got {balance})")
    plan.buffer_fund = {
        "balance": None if balance is None else Money(balance, currency),
        "rule": r.text(fund.get("rule"), "buffer_fund.rule") or "",
    }
    coverage = r.number(fund.get("coverage_of_total"), "buffer_fund.coverage_of_total")
    if coverage is not None:
        plan.expected["buffer_fund.coverage_of_total"] = ("coverage", coverage)


def _read_expected(plan: ImportPlan, r: _Reader, data: dict) -> None:
    expected = r.obj(data.get("expected_totals"), "expected_totals") or {}
    for key, value in expected.items():
        path = f"expected_totals.{key}"
        if key not in EXPECTED_TOTALS:
            plan.problem(path, f"not a published total ({', '.join(EXPECTED_TOTALS)})")
            continue
        number = r.number(value, path)
        if number is not None:
            plan.expected[path] = (EXPECTED_TOTALS[key], number)
