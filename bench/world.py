"""The benchmark world at a decade's scale, built with ISM's own services.

    .venv/bin/python -m bench.world --years 10 --states 190   # build (or reuse)

On top of the demo (`load_demo`), for the years `today.year - years + 1` to
`today.year`, where `today` is ISM's one clock (`timezone.localdate()`):

- the APMBC, the CCM and the CCW each with `states` States Parties;
- each year of each convention assessed on the adjusted scale (`assessment_issue`:
  one invoice per State, numbered, audited) on 1 November of the year before,
  due 31 January, and paid (`payment_record`) on an invented day already past:
  one State in ten never pays a year, one in seven pays half;
- the APMBC's draft budget for next year made up to 200 lines (`budget_save`, as
  the edit page saves it);
- an APMBC work plan of 1,000 statements (`workplan_import`, the published
  2026 plan's areas repeated) with an indicator on each output (`indicator_add`);
- each convention's Meeting of the States Parties of every year, each with 500
  participants in delegations of its States Parties (bench/world_meetings.py:
  `meeting_create`, `delegation_register`, `participant_add`);
- the APMBC's and the CCM's published Article 7 reports for every finished year,
  about half the States Parties a year (bench/world_reports.py: `report_start`,
  `report_form_save`, `report_submit`, `report_version_publish`).

Services, not inserts, so the rows are what ISM makes: numbers, copies, audit
events, settled sums. What no service makes is written directly, as the demo does:
the States' participations and the conventions' invoice settings. No PDF is
rendered while building (the render tasks are not queued): documents are not what
the pages read.

Building takes minutes, so the database is kept and reused: `cached(...)` returns
a SQLite file under /tmp/ism-bench-worlds named by WORLD_VERSION, the scale, the
day (the demo and the payments depend on it) and the migrations it was built
with; run.py copies it into its throwaway directory for each run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(
    os.environ.get("ISM_BENCH_WORLDS")
    or Path(tempfile.gettempdir(), "ism-bench-worlds")
)
# Bump when what the world holds changes: older files are then never reused.
WORLD_VERSION = "2"
CONVENTIONS = ("APMBC", "CCM", "CCW")
# The scale `make bench` runs at (issue 20): ten years of 190 States Parties.
YEARS = 10
STATES = 190
BUDGET_LINES = 200
STATEMENTS = 1000
ASSESSED = {"APMBC": Decimal("769221.00"), "CCM": Decimal("689000.00")}
ASSESSED_DEFAULT = Decimal("1250000.00")
SCALE_NAME = "ISM bench scale {start}-{end}"


def log(message: str) -> None:
    now = time.strftime("%H:%M:%S", time.gmtime())
    print(f"[world {now}] {message}", file=sys.stderr, flush=True)


# --- Building (in a process whose DATABASE_URL is the world's) ----------------------


def parties(convention, count: int) -> list:
    """The convention's States Parties, made up to `count` (in ISO order). No
    service records a participation; the demo writes them directly too, with
    the base instrument's membership that mirrors each (ism.parties)."""
    from ism.models import Participation, State
    from ism.parties import participation_mirror

    party = Participation.Status.PARTY
    have = Participation.objects.filter(convention=convention, status=party).count()
    for state in State.objects.exclude(
        participations__convention=convention, participations__status=party
    ).order_by("iso3")[: max(0, count - have)]:
        participation, _ = Participation.objects.update_or_create(
            state=state, convention=convention, defaults={"status": party}
        )
        participation_mirror(participation)
    return list(
        State.objects.filter(
            participations__convention=convention, participations__status=party
        ).order_by("iso3")
    )


def contribution_settings(convention) -> None:
    from budgets.models import ContributionSettings

    ContributionSettings.objects.get_or_create(
        convention=convention,
        defaults={
            "issuer": f"Implementation Support Unit\n{convention.code}\nGeneva",
            "payment_instructions": "Bank: Bench Bank, Geneva\n"
            "IBAN: CH00 0000 0000 0000 0000 0",
        },
    )


def scale(start: int, end: int):
    """A scale of assessment rating every State (the demo's illustrative one rates
    47): invented rates between 0.001 and about 2, steady per State."""
    from budgets.contributions.services import scale_table_import
    from ism.models import State

    rows = ["state,rate"]
    for iso3 in State.objects.order_by("iso3").values_list("iso3", flat=True):
        rate = Decimal(1 + zlib.crc32(iso3.encode()) % 2000) / 1000
        rows.append(f"{iso3},{rate}")
    table, _ = scale_table_import(
        csv_text="\n".join(rows) + "\n",
        name=SCALE_NAME.format(start=start, end=end),
        start_year=start,
        end_year=end,
        source="Invented for ISM's benchmarks",
        illustrative=True,
        actor=None,
    )
    return table


def pays_on(iso3: str, year: int) -> dt.date | None:
    """The invented day a State pays a year's invoice: one in ten never does, the
    rest between mid-November and late June."""
    spread = zlib.crc32(f"{iso3}:{year}".encode())
    if spread % 10 == 0:
        return None
    return dt.date(year - 1, 11, 15) + dt.timedelta(days=spread % 220)


def assess_and_pay(convention, year: int, table, today: dt.date) -> int:
    from django.db import transaction
    from djmoney.money import Money

    from budgets.contributions.services import assessment_issue, payment_record
    from budgets.models import Assessment, Invoice

    if Assessment.objects.filter(convention=convention, year=year).exists():
        return 0
    amount = ASSESSED.get(convention.code, ASSESSED_DEFAULT)
    assessment = assessment_issue(
        convention=convention,
        year=year,
        amount=Money(amount, convention.currency),
        method=Assessment.Method.ASSESSED,
        scale=table,
        issue_date=dt.date(year - 1, 11, 1),
        due_date=dt.date(year, 1, 31),
        actor=None,
    )
    invoices = Invoice.objects.filter(assessment=assessment).select_related("state")
    with transaction.atomic():
        for invoice in invoices:
            day = pays_on(invoice.state.iso3, year)
            if day is None or day >= today:
                continue
            half = zlib.crc32(invoice.state.iso3.encode()) % 7 == 0
            paid = invoice.amount.amount * (Decimal("0.5") if half else 1)
            payment_record(
                convention=convention,
                state=invoice.state,
                invoice=invoice,
                date=day,
                amount=Money(paid.quantize(Decimal("0.01")), invoice.amount.currency),
                reference=f"BENCH-{invoice.number}",
                actor=None,
            )
    return invoices.count()


def big_budget(today: dt.date):
    """The APMBC's draft for next year (the demo makes it) with BUDGET_LINES lines,
    saved as the edit page saves it."""
    from djmoney.money import Money

    from budgets.models import Budget, BudgetLine
    from budgets.services import budget_save
    from budgets.services.budgets import budget_version
    from budgets.services.content import content_of

    budget = Budget.objects.get(
        convention__code="APMBC", year=today.year + 1, status=Budget.Status.DRAFT
    )
    content = content_of(budget)
    lines = list(content.lines)
    if len(lines) >= BUDGET_LINES:
        return budget
    categories = [c for c, _label in BudgetLine.Category.choices]
    for n in range(len(lines), BUDGET_LINES):
        lines.append(
            {
                "category": categories[n % len(categories)],
                "label": f"Bench line {n + 1}",
                "amount": Money(Decimal(1000 + 17 * n), budget.currency),
                "from_missions": False,
                "note": "",
            }
        )
    return budget_save(
        budget=budget,
        actor=None,
        fields=content.fields,
        positions=content.positions,
        lines=lines,
        missions=content.missions,
        notes=content.notes,
        version=budget_version(budget),
    )


def big_workplan(year: int):
    """A plan of STATEMENTS statements: the published plan's areas repeated (the
    last one cut short), with an indicator on every output."""
    from ism.demo import reference
    from ism.models import Convention
    from workplans import services
    from workplans.models import Indicator, Level, Result, WorkPlan

    convention = Convention.objects.get(code="APMBC")
    existing = WorkPlan.objects.filter(convention=convention, start_year=year).first()
    if existing is not None:
        return existing
    data = reference("apmbc-2026-workplan.json")
    levels = ("activities", "outputs", "outcomes", "impacts")
    areas, total = [], 0
    while total < STATEMENTS:
        source = data["areas"][len(areas) % len(data["areas"])]
        area = {"title": f"{source['title']} ({len(areas) + 1})"}
        for level in levels:
            room = STATEMENTS - total
            area[level] = source.get(level, [])[:room]
            total += len(area[level])
        areas.append(area)
    plan = services.workplan_import(
        convention=convention, data=dict(data, year=year, areas=areas), actor=None
    )
    outputs = Result.objects.filter(workplan=plan, level=Level.OUTPUT)
    for n, output in enumerate(outputs.order_by("area__order", "order")):
        services.indicator_add(
            result=output,
            data={
                "description": f"Deliverables of output {n + 1}",
                "unit": Indicator.Unit.NUMBER,
                "target": Decimal(5 + n % 20),
                "qualifier": Indicator.Qualifier.UP_TO,
                "period_start": dt.date(year, 1, 1),
                "period_end": dt.date(year, 12, 31),
                "direction": Indicator.Direction.INCREASE,
                "aggregation": Indicator.Aggregation.SUM,
                "source": Indicator.Source.MANUAL,
            },
            actor=None,
        )
    return plan


def build(*, years: int, states: int) -> None:
    """Fill the database DATABASE_URL names (migrated, demo loaded here)."""
    import io

    from django.core.management import call_command
    from django.utils import timezone

    import budgets.tasks
    from ism.models import Convention

    # The pages read rows, not documents: nothing is rendered while building.
    budgets.tasks.invoice_render_pdf.delay = lambda pk: None
    budgets.tasks.budget_render_pdf.delay = lambda pk: None
    today = timezone.localdate()
    first = today.year - years + 1
    log("migrate and load_demo")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_demo", stdout=io.StringIO())
    table = scale(first, today.year)
    for code in CONVENTIONS:
        convention = Convention.objects.get(code=code)
        parties(convention, states)
        contribution_settings(convention)
        for year in range(first, today.year + 1):
            issued = assess_and_pay(convention, year, table, today)
            log(f"{code} {year}: {issued} invoices")
    big_budget(today)
    log(f"budget of {BUDGET_LINES} lines")
    big_workplan(today.year + 1)
    log(f"work plan of {STATEMENTS} statements")
    meetings_and_reports(first, today, states)


def meetings_and_reports(first: int, today: dt.date, states: int) -> None:
    from bench import world_meetings, world_reports
    from ism.models import Convention

    for code in CONVENTIONS:
        convention = Convention.objects.get(code=code)
        people = world_meetings.build(
            convention, parties(convention, states), range(first, today.year + 1)
        )
        log(f"{code}: meetings {first}-{today.year}, {people} participants")
    for code in world_reports.CONVENTIONS:
        convention = Convention.objects.get(code=code)
        # Reports cover finished years: the last is last year's.
        made = world_reports.build(
            convention, parties(convention, states), range(first, today.year)
        )
        log(f"{code}: {made} reports published, {first}-{today.year - 1}")


# --- The cache ----------------------------------------------------------------------


def _migrations_digest() -> str:
    names = sorted(
        str(p.relative_to(ROOT))
        for p in ROOT.glob("*/migrations/[0-9]*.py")
        if ".venv" not in p.parts
    )
    return hashlib.sha256("\n".join(names).encode()).hexdigest()[:10]


def cached(*, years: int, states: int, environment: dict[str, str]) -> Path:
    """The world's SQLite file, built in a subprocess on first use (the same
    settings as the run, `environment`) and kept for the next runs."""
    # The day in UTC: the world is rebuilt once a day (the demo's cycle and the
    # payments already made depend on the day).
    day = dt.datetime.now(dt.UTC).date().isoformat()
    key = f"v{WORLD_VERSION}-{years}y-{states}s-{day}-{_migrations_digest()}"
    path = CACHE / f"world-{key}.sqlite3"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(f".{os.getpid()}.tmp")
    env = {
        **environment,
        "DATABASE_URL": f"sqlite:///{building}",
        "PYTHONPATH": str(ROOT),
    }
    log(f"building {path.name} (once; minutes)")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "bench.world", f"--years={years}", f"--states={states}"],
        cwd=ROOT,
        env=env,
        check=False,
    )
    if done.returncode != 0:
        building.unlink(missing_ok=True)
        raise RuntimeError(f"building the bench world failed ({done.returncode})")
    shutil.move(building, path)
    log(f"built in {time.monotonic() - started:.0f} s")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the benchmark world.")
    parser.add_argument("--years", type=int, default=YEARS)
    parser.add_argument("--states", type=int, default=STATES)
    args = parser.parse_args()
    if "DJANGO_SETTINGS_MODULE" not in os.environ:
        # From a shell: into the cache, with the settings a run uses (run.py's),
        # building in a subprocess that comes back here with them set.
        from bench.run import configure_environment

        workdir = Path(tempfile.mkdtemp(prefix="ism-bench-world-"))
        try:
            configure_environment(workdir)
            path = cached(
                years=args.years, states=args.states, environment=dict(os.environ)
            )
        finally:
            # Only the settings' media directory is in it; the world is in CACHE.
            shutil.rmtree(workdir, ignore_errors=True)
        print(path)
        return
    import django

    django.setup()
    build(years=args.years, states=args.states)


if __name__ == "__main__":
    main()
