"""One reader per section of a budget file, in the order `read` calls them.

Each section reads its part of the file into the content being built (header
fields, positions, lines, missions, notes, in-kind) or into what sits beside the
budget (earmarked projects, the buffer fund, the published totals), and notes in
`origin` where each content value came from, so that the content rules' problems
can be put back at their place in the file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from djmoney.money import Money

from budgets.importer.reader import PERIOD, ImportPlan, _Reader, line_category
from budgets.importer.reader import title_block as _title_block
from budgets.models import BudgetLine
from budgets.services.content import HEADER_FIELDS, HEADER_TEXT

EXPECTED_TOTALS = {
    "staff_subtotal": "staff_subtotal",
    "travel_and_other_subtotal": "operations_subtotal",
    "total": "total",
}
STAFF_LINES = {"salaries": "salaries", "social security": "social_security"}


def _blank_header() -> dict[str, Any]:
    # Every header field, so that an import with --replace leaves nothing of the
    # content it replaces: what the file does not say is blank.
    return {name: "" if name in HEADER_TEXT else None for name in HEADER_FIELDS}


@dataclass
class _Context:
    """What one reading of a file carries from section to section."""

    plan: ImportPlan
    data: dict
    r: _Reader
    currency: str = "XXX"
    # Where each content value came from in the file, to report problems there.
    origin: dict[str, str] = field(default_factory=dict)
    # Content attribute -> its name in the file ("" for the item itself).
    renames: dict[str, str] = field(
        default_factory=lambda: {"valuation_note": "valued", "text": ""}
    )
    fields: dict[str, Any] = field(default_factory=_blank_header)
    positions: list[dict] = field(default_factory=list)
    lines: list[dict] = field(default_factory=list)
    missions: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    in_kind: list[dict] = field(default_factory=list)
    file_rate: Decimal | None = None

    def money(self, amount: Decimal | None) -> Money | None:
        return None if amount is None else Money(amount, self.currency)

    def rows(self, value: Any, path: str, section: str):
        """Each row of the list at `path` in the file, as (its place, the row),
        remembered as where row i of `section` came from."""
        for i, row in enumerate(self.r.list(value, path)):
            place = f"{path}[{i}]"
            self.origin[f"{section}.{i}"] = place
            yield place, self.r.obj(row, place) or {}

    def add_note(self, kind: str, text: str, path: str) -> None:
        self.origin[f"notes.{len(self.notes)}"] = path
        self.notes.append({"kind": kind, "text": text})


def read_header(ctx: _Context) -> None:
    plan, r, data = ctx.plan, ctx.r, ctx.data
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
    ctx.currency = plan.currency or "XXX"

    if plan.year is not None and plan.convention_code:
        ctx.fields["title"] = (
            f"{plan.convention_code} Implementation Support Unit budget {plan.year}"
        )
    ctx.fields.update(_title_block(plan.source))
    ctx.origin.update(
        {k: "source" for k in ("meeting", "agenda_item", "document_date")}
    )
    symbol = r.text(
        r.get(data, "document_symbol", "document_symbol", required=False),
        "document_symbol",
    )
    if symbol:
        ctx.fields["document_symbol"] = symbol


def read_positions(ctx: _Context) -> None:
    """Staff positions: titles and FTE; a salary where one is published."""
    r = ctx.r
    staff = r.obj(r.get(ctx.data, "staff", "staff", required=False), "staff") or {}
    positions = r.get(staff, "positions", "staff.positions")
    for path, row in ctx.rows(positions, "staff.positions", "positions"):
        salary = r.number(row.get("salary"), f"{path}.salary")
        ctx.positions.append(
            {
                "title": r.text(row.get("title"), f"{path}.title") or "",
                "grade": r.text(row.get("grade"), f"{path}.grade") or "",
                "fte": r.number(r.get(row, "fte", f"{path}.fte"), f"{path}.fte"),
                "salary": ctx.money(salary),
            }
        )
    total_fte = r.number(staff.get("total_fte"), "staff.total_fte")
    fte_values = [p["fte"] for p in ctx.positions]
    if (
        total_fte is not None
        and ctx.positions
        and all(fte is not None and 0 < fte <= 1 for fte in fte_values)
        and sum(fte_values, Decimal(0)) != total_fte
    ):
        ctx.plan.problem(
            "staff.total_fte",
            f"the positions add up to {sum(fte_values, Decimal(0))} FTE, "
            f"not {total_fte}",
        )


@dataclass
class _Line:
    path: str
    label: str
    amount: Decimal | None
    rate: Decimal | None
    note: str
    has_amount: bool


def read_lines(ctx: _Context) -> None:
    """Lines: the published figures."""
    r, data = ctx.r, ctx.data
    rate_path = "social_security_rate"
    ctx.file_rate = r.number(data.get("social_security_rate"), rate_path)
    if ctx.file_rate is not None:
        ctx.fields["social_security_rate"] = ctx.file_rate
        ctx.origin["social_security_rate"] = rate_path
    seen_staff: dict[str, str] = {}
    for i, row in enumerate(r.list(r.get(data, "lines", "lines"), "lines")):
        path = f"lines[{i}]"
        row = r.obj(row, path) or {}
        category = r.text(
            r.get(row, "category", f"{path}.category"), f"{path}.category"
        )
        line = _Line(
            path=path,
            label=r.text(r.get(row, "label", f"{path}.label"), f"{path}.label") or "",
            amount=r.number(row.get("amount"), f"{path}.amount"),
            rate=r.number(row.get("rate"), f"{path}.rate"),
            note=r.text(row.get("note"), f"{path}.note") or "",
            has_amount="amount" in row and row["amount"] is not None,
        )
        if category == "staff":
            _read_staff_line(ctx, line, seen_staff)
        elif category == "operations":
            _read_operations_line(ctx, line)
        elif category is not None:
            ctx.plan.problem(
                f"{path}.category",
                f'expected "staff" or "operations", not {json.dumps(category)}',
            )


def _read_staff_line(ctx: _Context, line: _Line, seen: dict[str, str]) -> None:
    plan, path = ctx.plan, line.path
    kind = STAFF_LINES.get(line.label.lower())
    if kind is None:
        plan.problem(
            f"{path}.label",
            f'a staff line is "Salaries" or "Social security", not '
            f"{json.dumps(line.label)}",
        )
        return
    if kind in seen:
        plan.problem(
            f"{path}.label", f"a second {line.label} line (first at {seen[kind]})"
        )
        return
    seen[kind] = path
    if line.note:
        # The note stays beside its line: salaries_note, social_security_note.
        ctx.fields[f"{kind}_note"] = line.note
        ctx.origin[f"{kind}_note"] = f"{path}.note"
    if kind == "salaries":
        _read_salaries(ctx, line)
    else:
        _read_social_security(ctx, line)


def _read_salaries(ctx: _Context, line: _Line) -> None:
    if line.rate is not None:
        ctx.plan.problem(f"{line.path}.rate", "salaries are an amount, not a rate")
    if not line.has_amount:
        ctx.plan.problem(f"{line.path}.amount", "missing")
    elif line.amount is not None:
        ctx.fields["salaries_total"] = ctx.money(line.amount)
        ctx.origin["salaries_total"] = f"{line.path}.amount"


def _read_social_security(ctx: _Context, line: _Line) -> None:
    """The published amount wins; a rate is kept beside it, and computes the
    amount where none is published."""
    path, rate, file_rate = line.path, line.rate, ctx.file_rate
    if rate is not None:
        if file_rate is not None and rate != file_rate:
            ctx.plan.problem(
                f"{path}.rate", f"{rate} differs from social_security_rate {file_rate}"
            )
        ctx.fields["social_security_rate"] = rate
        ctx.origin["social_security_rate"] = f"{path}.rate"
    if line.has_amount and line.amount is not None:
        ctx.fields["social_security_amount"] = ctx.money(line.amount)
        ctx.origin["social_security_amount"] = f"{path}.amount"
    elif not line.has_amount and rate is None and file_rate is None:
        ctx.plan.problem(f"{path}.amount", "missing (give an amount or a rate)")


def _read_operations_line(ctx: _Context, line: _Line) -> None:
    if line.rate is not None:
        ctx.plan.problem(
            f"{line.path}.rate",
            "only the social security line can be given as a rate; give the amount",
        )
    if not line.has_amount:
        ctx.plan.problem(f"{line.path}.amount", "missing")
    ctx.origin[f"lines.{len(ctx.lines)}"] = line.path
    ctx.lines.append(
        {
            "category": line_category(line.label),
            "label": line.label,
            "amount": ctx.money(line.amount),
            "note": line.note,
        }
    )


def read_line_notes(ctx: _Context) -> None:
    """What "other support costs" covers is published as a list beside the lines."""
    r = ctx.r
    covers = [
        r.text(item, f"other_support_costs_cover[{i}]")
        for i, item in enumerate(
            r.list(
                ctx.data.get("other_support_costs_cover"), "other_support_costs_cover"
            )
        )
    ]
    covers = [c for c in covers if c]
    other = next(
        (ln for ln in ctx.lines if ln["category"] == BudgetLine.Category.OTHER), None
    )
    if covers and other is not None and not other["note"]:
        other["note"] = "; ".join(covers)


def read_travel(ctx: _Context) -> None:
    """Travel: the mission plan as published (purpose and number of missions)."""
    r = ctx.r
    travel = r.obj(ctx.data.get("travel"), "travel") or {}
    listed_missions = travel.get("listed_missions")
    for path, row in ctx.rows(listed_missions, "travel.listed_missions", "missions"):
        unit_cost = r.number(row.get("unit_cost"), f"{path}.unit_cost")
        purpose = r.get(row, "purpose", f"{path}.purpose")
        ctx.missions.append(
            {
                "purpose": r.text(purpose, f"{path}.purpose") or "",
                "count": r.whole(r.get(row, "count", f"{path}.count"), f"{path}.count"),
                "haul": r.text(row.get("haul"), f"{path}.haul") or "",
                "unit_cost": ctx.money(unit_cost),
            }
        )
    max_missions = r.whole(travel.get("max_missions"), "travel.max_missions")
    travel_class = r.text(travel.get("class"), "travel.class")
    listed = sum(m["count"] for m in ctx.missions if isinstance(m["count"], int))
    if max_missions is not None:
        if listed > max_missions:
            ctx.plan.problem(
                "travel.max_missions",
                f"the listed missions add up to {listed}, more than {max_missions}",
            )
        text = f"Travel: up to {max_missions} missions"
        text += f"; {travel_class}." if travel_class else "."
        ctx.add_note("note", text, "travel.max_missions")


def read_notes(ctx: _Context) -> None:
    r = ctx.r
    for key, kind in (("budget_notes", "note"), ("assumptions", "assumption")):
        for i, item in enumerate(r.list(ctx.data.get(key), key)):
            ctx.add_note(kind, r.text(item, f"{key}[{i}]") or "", f"{key}[{i}]")


def read_in_kind(ctx: _Context) -> None:
    r = ctx.r
    for path, row in ctx.rows(ctx.data.get("in_kind"), "in_kind", "in_kind"):
        value = r.number(row.get("estimated_value"), f"{path}.estimated_value")
        ctx.in_kind.append(
            {
                "provider": r.text(row.get("provider"), f"{path}.provider") or "",
                "covers": r.text(row.get("covers"), f"{path}.covers") or "",
                "estimated_value": ctx.money(value),
                "valuation_note": r.text(row.get("valued"), f"{path}.valued") or "",
            }
        )


def read_earmarked(plan: ImportPlan, r: _Reader, data: dict) -> None:
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


def read_buffer_fund(plan: ImportPlan, r: _Reader, data: dict, currency) -> None:
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


def read_expected(plan: ImportPlan, r: _Reader, data: dict) -> None:
    expected = r.obj(data.get("expected_totals"), "expected_totals") or {}
    for key, value in expected.items():
        path = f"expected_totals.{key}"
        if key not in EXPECTED_TOTALS:
            plan.problem(path, f"not a published total ({', '.join(EXPECTED_TOTALS)})")
            continue
        number = r.number(value, path)
        if number is not None:
            plan.expected[path] = (EXPECTED_TOTALS[key], number)
