"""python manage.py import_budget FILE.json [--replace]: every problem reported
with its place in the file, nothing saved unless all is right, never a second
budget for the same year, and --replace only for a draft."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from djmoney.money import Money

from budgets.calculations import figures
from budgets.models import (
    Budget,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    Fund,
    FundMovement,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.services import budget_import, budget_save, budget_submit
from ism.audit import history_of
from ism.concurrency import LATEST
from ism.models import AuditEvent

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"
APMBC_FILE = REFERENCE / "apmbc-2026-budget.json"


def database_rows():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            Budget,
            StaffPosition,
            BudgetLine,
            Mission,
            BudgetNote,
            InKindSupport,
            EarmarkedProject,
            Fund,
            FundMovement,
            AuditEvent,
        )
    }


def import_budget(path, *args):
    out = StringIO()
    call_command("import_budget", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def copy_of(tmp_path):
    """copy_of(name, change) → a temporary copy of a reference file, changed."""

    def make(name, change=None):
        data = json.loads((REFERENCE / name).read_text())
        if change is not None:
            change(data)
        path = tmp_path / name
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return make


def test_it_imports_a_reference_file_and_says_what_it_made(apmbc):
    output = import_budget(APMBC_FILE)

    budget = Budget.objects.get()
    assert "Imported APMBC ISU budget 2026" in output
    assert "769,221" in output
    assert figures(budget).total.amount == Decimal(
        json.loads(APMBC_FILE.read_text())["expected_totals"]["total"]
    )


def test_importing_the_same_file_twice_makes_no_second_budget(apmbc):
    import_budget(APMBC_FILE)
    before = database_rows()

    with pytest.raises(CommandError, match=r"already in ISM.*--replace"):
        import_budget(APMBC_FILE)

    assert database_rows() == before
    assert Budget.objects.count() == 1


def test_replace_updates_the_content_of_a_draft(apmbc, copy_of):
    import_budget(APMBC_FILE)
    budget = Budget.objects.get()
    travel = budget.lines.get(label="Staff travel")

    def raise_travel(data):
        data["lines"][2]["amount"] = "52000"
        data["expected_totals"]["travel_and_other_subtotal"] = "92000"
        data["expected_totals"]["total"] = "771221"
        data["buffer_fund"]["coverage_of_total"] = "0.984"

    output = import_budget(copy_of("apmbc-2026-budget.json", raise_travel), "--replace")

    assert "Replaced the content of APMBC ISU budget 2026" in output
    assert Budget.objects.count() == 1
    budget.refresh_from_db()
    assert budget.revision == 2
    assert figures(budget).total.amount == Decimal("771221")
    travel.refresh_from_db()  # the same line, changed in place
    assert travel.amount.amount == Decimal("52000")
    event = history_of(budget).first()
    assert event.verb == "replaced by import"
    assert event.changes == {"lines.Staff travel.amount": ["50000.00", "52000.00"]}
    # Beside the budget nothing is duplicated.
    assert EarmarkedProject.objects.count() == 1
    assert FundMovement.objects.count() == 1


def test_replace_refuses_a_budget_that_is_no_longer_a_draft(apmbc):
    import_budget(APMBC_FILE)
    budget_submit(budget=Budget.objects.get(), actor=None)
    before = database_rows()

    with pytest.raises(CommandError, match="only a draft can be replaced"):
        import_budget(APMBC_FILE, "--replace")

    assert database_rows() == before


def test_a_malformed_file_is_reported_at_each_place_and_nothing_is_saved(
    apmbc, copy_of
):
    def break_it(data):
        data["lines"][2]["amount"] = "5O000"
        data["lines"][3]["amount"] = "-40000"
        data["staff"]["positions"][1]["fte"] = "1.5"
        data["staff"]["positions"][3]["fte"] = "0"
        data["staff"]["positions"][2] = {"fte": "1.0", "salary": "90000"}
        data["travel"]["listed_missions"][0]["count"] = "ten"
        data["earmarked_projects"][0]["period"] = "four years"

    before = database_rows()

    with pytest.raises(CommandError) as refusal:
        import_budget(copy_of("apmbc-2026-budget.json", break_it))

    message = str(refusal.value)
    assert "nothing was imported" in message
    for expected in [
        'lines[2].amount: not a number: "5O000"',
        "lines[3].amount: An amount cannot be negative.",
        "staff.positions[1].fte: FTE must be more than 0 and at most 1.",
        "staff.positions[3].fte: FTE must be more than 0 and at most 1.",
        "staff.positions[2].title: A salary needs a position title.",
        'travel.listed_missions[0].count: expected a whole number, got "ten"',
        "earmarked_projects[0].period: expected",
    ]:
        assert expected in message
    assert database_rows() == before


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d.update(social_security_rate="1.2"),
            "social_security_rate: The rate must be between 0% and 100%.",
        ),
        (
            lambda d: d.update(social_security_rate="-0.1"),
            "social_security_rate: The rate must be between 0% and 100%.",
        ),
        (
            lambda d: d.update(currency="EUR"),
            "currency: EUR is not the currency of the APMBC budget (CHF)",
        ),
        (
            lambda d: d["convention"].update(code="XYZ"),
            "convention.code: no convention XYZ in ISM",
        ),
        (
            lambda d: d["staff"].update(total_fte="3.5"),
            "staff.total_fte: the positions add up to 3.6 FTE, not 3.5",
        ),
        (
            lambda d: d["lines"][0].update(label="Bonuses"),
            'lines[0].label: a staff line is "Salaries" or "Social security"',
        ),
        (lambda d: d.pop("year"), "year: missing"),
    ],
)
def test_it_refuses_each_bad_value_with_its_path(apmbc, copy_of, change, expected):
    before = database_rows()

    with pytest.raises(CommandError) as refusal:
        import_budget(copy_of("apmbc-2026-budget.json", change))

    assert expected in str(refusal.value)
    assert database_rows() == before


def test_it_refuses_figures_that_do_not_give_the_published_totals(apmbc, copy_of):
    def mistype(data):
        data["lines"][1]["amount"] = "110853"  # the published figure is 110,835

    before = database_rows()

    with pytest.raises(CommandError) as refusal:
        import_budget(copy_of("apmbc-2026-budget.json", mistype))

    message = str(refusal.value)
    assert (
        "expected_totals.staff_subtotal: the file publishes 679221 but its figures "
        "give 679,239"
    ) in message
    assert "expected_totals.total: the file publishes 769221" in message
    assert database_rows() == before


def test_a_social_security_line_with_a_rate_and_no_amount_is_computed(ccm, copy_of):
    def rate_only(data):
        del data["lines"][1]["amount"]
        data["lines"][1]["rate"] = "0.20"

    import_budget(copy_of("ccm-2024-budget.json", rate_only))

    budget = Budget.objects.get()
    assert budget.social_security_amount is None
    assert figures(budget).social_security.amount == Decimal("69621")


def test_a_file_that_is_not_json_is_refused(apmbc, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"year": 2026,', encoding="utf-8")

    with pytest.raises(CommandError, match="not valid JSON"):
        import_budget(path)

    assert not Budget.objects.exists()


def test_the_service_hands_back_the_budget_already_there_unchanged(apmbc):
    data = json.loads(APMBC_FILE.read_text())
    first, created = budget_import(data=data)
    before = database_rows()

    again, created_again = budget_import(data=data)

    assert (created, created_again) == (True, False)
    assert again == first
    assert database_rows() == before


def test_replace_leaves_nothing_of_the_content_it_replaces(apmbc, isu_staff):
    import_budget(APMBC_FILE)
    budget = Budget.objects.get()
    budget_save(
        version=LATEST,
        budget=budget,
        actor=isu_staff,
        fields={"document_symbol": "APLC/MSP.22/2025/WP.1"},
        positions=[{"title": "Director", "fte": Decimal("1")}],
        lines=[
            {"category": "travel", "label": "Travel", "amount": Money(1, "CHF")},
        ],
        missions=[],
        notes=[],
    )

    import_budget(APMBC_FILE, "--replace")

    budget.refresh_from_db()
    assert budget.document_symbol == ""
    assert figures(budget).total.amount == Decimal("769221")
    assert budget.positions.count() == 4
    changes = history_of(budget).first().changes
    assert changes["document_symbol"] == ["APLC/MSP.22/2025/WP.1", ""]
    assert changes["lines.Travel.label"] == ["Travel", "Staff travel"]
