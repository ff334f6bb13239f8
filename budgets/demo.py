"""Demo budgets for `load_demo`: the APMBC 2026 and CCM 2024 budgets imported from
ism/reference/ through the same importer as `import_budget`, then taken through
the workflow services to where the published documents stand, so their history
is a real one.

Idempotent: a budget that is already there is left as it is (the importer says
so), and only a budget created by this run is taken through the workflow.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.db import transaction

from budgets.models import Budget
from budgets.services import (
    budget_adopt,
    budget_approve,
    budget_circulate,
    budget_import,
    budget_submit,
)
from ism.demo import REFERENCE_DIR

# actor=None: ISM itself, as in a management command; the audit trail says "system".
SYSTEM = None


def _read(name: str) -> dict:
    return json.loads(
        (REFERENCE_DIR / name).read_text(encoding="utf-8"), parse_float=Decimal
    )


def _to_circulated(budget: Budget, on: dt.date) -> None:
    budget_submit(budget=budget, actor=SYSTEM)
    budget_approve(budget=budget, actor=SYSTEM)
    budget_circulate(budget=budget, actor=SYSTEM, on=on)


def _apmbc_2026(budget: Budget) -> None:
    # The document is dated 8 October 2025 and was circulated for the 22nd Meeting
    # of the States Parties (1-5 December 2025), which had not adopted it yet.
    _to_circulated(budget, on=budget.document_date or dt.date(2025, 10, 8))


def _ccm_2024(budget: Budget) -> None:
    # CCM/MSP/2023/2 went to the Eleventh Meeting of States Parties (Geneva, 11-14
    # September 2023), which adopted it. The file gives neither the circulation nor
    # the adoption day: the demo uses the latest day the rule allows for circulation
    # (60 days before the meeting, CCM/CONF/2021/6 para 83) and the meeting's last
    # day for adoption. Both are illustrative.
    meeting_opens = dt.date(2023, 9, 11)
    _to_circulated(budget, on=meeting_opens - dt.timedelta(days=60))
    budget_adopt(
        budget=budget,
        actor=SYSTEM,
        on=dt.date(2023, 9, 14),
        meeting=budget.meeting.split(",")[0] or "Eleventh Meeting of States Parties",
        decision="",
        document_symbol=budget.document_symbol,
    )


DEMO_BUDGETS = [
    ("apmbc-2026-budget.json", _apmbc_2026),
    ("ccm-2024-budget.json", _ccm_2024),
]


def load(today: dt.date | None = None) -> dict[str, int]:
    """Import the demo budgets and build the current cycle as of `today` (default:
    the one clock's day); returns how many were created by this run."""
    from django.utils import timezone

    today = today or timezone.localdate()
    created_count = 0
    for name, take_to_status in DEMO_BUDGETS:
        with transaction.atomic():
            budget, created = budget_import(data=_read(name), actor=SYSTEM)
            if created:
                take_to_status(budget)
                created_count += 1
    from budgets.contributions.reminders import load_reminder_policies

    load_reminder_policies()  # each convention's default contribution reminders
    from budgets.contributions import demo as contribution_demo

    # The illustrative scale, invoice settings, the CCM's 2024 invoices.
    contributions = contribution_demo.load()
    from budgets import demo_cycle

    cycle = demo_cycle.load(today)
    return {"budgets_created": created_count, **contributions, **cycle}
