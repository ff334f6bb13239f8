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

from typing import Any

from django.core.exceptions import ValidationError

from budgets.importer.reader import ImportPlan, _Reader, line_category, title_block
from budgets.importer.sections import (
    EXPECTED_TOTALS,
    _Context,
    read_buffer_fund,
    read_earmarked,
    read_expected,
    read_header,
    read_in_kind,
    read_line_notes,
    read_lines,
    read_notes,
    read_positions,
    read_travel,
)
from budgets.services.content import clean_content

__all__ = ["EXPECTED_TOTALS", "ImportPlan", "line_category", "read", "title_block"]


def read(data: Any) -> ImportPlan:
    """Check and map a parsed budget file. Problems are collected in plan.errors,
    nothing is raised: the caller adds its own checks and reports them all."""
    plan = ImportPlan()
    r = _Reader(plan)
    if not isinstance(data, dict):
        plan.problem("(file)", "expected a JSON object")
        return plan

    ctx = _Context(plan=plan, data=data, r=r)
    # The order of the sections is the order of the problems in the report.
    read_header(ctx)
    read_positions(ctx)
    read_lines(ctx)
    read_line_notes(ctx)
    read_travel(ctx)
    read_notes(ctx)
    read_in_kind(ctx)
    read_earmarked(plan, r, data)
    read_buffer_fund(plan, r, data, ctx.currency)
    read_expected(plan, r, data)
    _apply_content_rules(ctx)
    return plan


def _apply_content_rules(ctx: _Context) -> None:
    """The budget's own rules (FTE in (0, 1], amounts not negative, ...) are the
    service's, applied here with each problem put back at its place in the file."""
    plan = ctx.plan
    try:
        plan.content = clean_content(
            currency=ctx.currency,
            fields=ctx.fields,
            positions=ctx.positions,
            lines=ctx.lines,
            missions=ctx.missions,
            notes=ctx.notes,
            in_kind=ctx.in_kind,
        )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            path = _file_path(key, ctx.origin, ctx.renames)
            # A value the reader already refused (not a number, missing) is
            # reported once, in the reader's words.
            if path not in plan.errors:
                for message in messages:
                    plan.problem(path, message)


def _file_path(key: str, origin: dict[str, str], renames: dict[str, str]) -> str:
    if key in origin:
        return origin[key]
    prefix, _, attr = key.rpartition(".")
    if prefix in origin:
        attr = renames.get(attr, attr)
        return f"{origin[prefix]}.{attr}" if attr else origin[prefix]
    return key
