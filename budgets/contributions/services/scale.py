"""The UN scale of assessment: versioned tables loaded from CSV."""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgets.contributions.services.common import state_index
from budgets.models import (
    ScaleRate,
    ScaleTable,
)
from budgets.services.values import Problems
from ism.audit import create_and_record
from ism.models import State

# --- The UN scale ------------------------------------------------------------------


def _find_state(code: str, states: dict[str, State]) -> State | None:
    return states.get(code.strip().upper())


def parse_scale_csv(csv_text: str) -> dict[State, Decimal]:
    """Rows of "state,rate": an ISO code (alpha-3 or alpha-2) and the rate in
    percent as published (0.001 for 0.001%). Every problem names its row and
    column; nothing is returned unless the whole file is right."""
    p = Problems()
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff")))
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    if not rows:
        p.add("file", _("The file is empty."))
        p.raise_if_any()
    header = [cell.strip().lower() for cell in rows[0]]
    if header[:2] != ["state", "rate"]:
        p.add(
            "file",
            _('Row 1: the header must be "state,rate" (found "%(found)s").')
            % {"found": ",".join(rows[0])},
        )
        p.raise_if_any()
    states = state_index()
    rates: dict[State, Decimal] = {}
    for number, row in enumerate(rows[1:], start=2):
        if len(row) < 2:
            p.add("file", _("Row %(row)d: expected two columns.") % {"row": number})
            continue
        code, text = row[0].strip(), row[1].strip()
        state = _find_state(code, states)
        if state is None:
            p.add(
                "file",
                _('Row %(row)d, column "state": no State has the code "%(code)s".')
                % {"row": number, "code": code},
            )
        try:
            rate = Decimal(text)
            if not rate.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            p.add(
                "file",
                _('Row %(row)d, column "rate": "%(value)s" is not a number.')
                % {"row": number, "value": text},
            )
            continue
        if not (0 < rate <= 100) or rate != rate.quantize(Decimal("0.00001")):
            p.add(
                "file",
                _(
                    'Row %(row)d, column "rate": %(value)s is not a rate in percent '
                    "above 0 and at most 100 with at most five decimals."
                )
                % {"row": number, "value": text},
            )
            continue
        if state is not None:
            if state in rates:
                p.add(
                    "file",
                    _('Row %(row)d, column "state": %(state)s appears twice.')
                    % {"row": number, "state": state.iso3},
                )
            rates[state] = rate
    if not rates and not p.errors:
        p.add("file", _("The file has no rates."))
    p.raise_if_any()
    return rates


@transaction.atomic
def scale_table_import(
    *,
    csv_text: str,
    name: str,
    start_year: int,
    end_year: int,
    source: str = "",
    illustrative: bool = False,
    actor,
) -> tuple[ScaleTable, bool]:
    """Load one version of the scale. Importing the same file again changes
    nothing; a table of that name with other rates is refused (a new version of
    the scale is a new table, so assessments keep the rates they used)."""
    if actor is not None:
        # The scale is shared by all conventions: any convention's staff may load
        # it, as the General Assembly publishes it for all.
        from ism.access import require_manage_shared

        require_manage_shared(actor, _("Only ISU staff load the scale of assessment."))
    p = Problems()
    name = (name or "").strip()
    if not name:
        p.add("name", _("Name the table, e.g. UN scale 2025-2027."))
    if not (1945 <= start_year <= end_year <= 2200):
        p.add("end_year", _("Give the first and last year, in order."))
    p.raise_if_any()
    rates = parse_scale_csv(csv_text)

    existing = ScaleTable.objects.select_for_update().filter(name=name).first()
    if existing is not None:
        stored = {r.state_id: r.rate for r in existing.rates.all()}
        wanted = {state.pk: rate for state, rate in rates.items()}
        if stored == wanted and (existing.start_year, existing.end_year) == (
            start_year,
            end_year,
        ):
            return existing, False
        raise ValidationError(
            {
                "name": _(
                    "A table named “%(name)s” already exists with other rates or "
                    "years. A new version of the scale is a new table: give it "
                    "another name."
                )
                % {"name": name}
            }
        )
    table = create_and_record(
        ScaleTable,
        actor=actor,
        verb="scale of assessment imported",
        changes={
            "rates": [None, len(rates)],
            "years": [None, f"{start_year}-{end_year}"],
            "illustrative": [None, illustrative],
        },
        name=name,
        start_year=start_year,
        end_year=end_year,
        source=(source or "").strip()[:300],
        illustrative=illustrative,
    )
    ScaleRate.objects.bulk_create(
        ScaleRate(table=table, state=state, rate=rate) for state, rate in rates.items()
    )
    return table, True


def scale_for(year: int) -> ScaleTable | None:
    """The table covering `year`: a real one before an illustrative one, the most
    recent first."""
    return (
        ScaleTable.objects.filter(start_year__lte=year, end_year__gte=year)
        .order_by("illustrative", "-start_year", "-imported_at")
        .first()
    )
