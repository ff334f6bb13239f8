"""Loading the UN scale of assessment from CSV: versioned tables, the same file
again changes nothing, a malformed file is refused with its row and column."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from budgets.contributions.services import scale_table_import
from budgets.models import ScaleRate, ScaleTable

pytestmark = pytest.mark.django_db

GOOD = "state,rate\nAAA,22.000\nBB,0.001\n"


def load(text=GOOD, name="UN scale 2025-2027"):
    return scale_table_import(
        csv_text=text, name=name, start_year=2025, end_year=2027, actor=None
    )


def test_it_loads_rates_in_percent_by_iso_code(state_a, state_b):
    table, created = load()
    assert created
    rates = dict(ScaleRate.objects.filter(table=table).values_list("state", "rate"))
    assert rates == {state_a.pk: Decimal("22.000"), state_b.pk: Decimal("0.001")}


def test_importing_the_same_file_again_changes_nothing(state_a, state_b):
    first, _ = load()
    again, created = load()
    assert not created
    assert again == first
    assert ScaleTable.objects.count() == 1
    assert ScaleRate.objects.count() == 2


def test_other_rates_under_the_same_name_are_refused(state_a, state_b):
    load()
    with pytest.raises(ValidationError) as caught:
        load("state,rate\nAAA,21.000\nBBB,0.001\n")
    assert "another name" in caught.value.message_dict["name"][0]
    assert ScaleRate.objects.get(state=state_a).rate == Decimal("22.000")


def test_a_malformed_file_names_the_row_and_column(state_a, state_b):
    text = "state,rate\nAAA,22.000\nXYZ,0.5\nBBB,abc\nAAA,1\nBB,0.0000001\n"
    with pytest.raises(ValidationError) as caught:
        load(text)
    assert caught.value.message_dict["file"] == [
        'Row 3, column "state": no State has the code "XYZ".',
        'Row 4, column "rate": "abc" is not a number.',
        'Row 5, column "state": AAA appears twice.',
        'Row 6, column "rate": 0.0000001 is not a rate in percent above 0 and at '
        "most 100 with at most five decimals.",
    ]
    assert not ScaleTable.objects.exists()


def test_the_command_loads_the_file_once(state_a, state_b, tmp_path, capsys):
    path = tmp_path / "scale.csv"
    path.write_text(GOOD, encoding="utf-8")
    args = [str(path), "--name", "UN 2025", "--start", "2025", "--end", "2027"]
    call_command("import_un_scale", *args)
    call_command("import_un_scale", *args)
    out = capsys.readouterr().out
    assert "Imported UN 2025 (2025-2027): 2 rates." in out
    assert "already in ISM with these 2 rates" in out
    assert ScaleRate.objects.count() == 2


def test_the_command_reports_problems_and_imports_nothing(state_a, tmp_path):
    path = tmp_path / "scale.csv"
    path.write_text("state,rate\nAAA,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match='Row 2, column "rate"'):
        call_command(
            "import_un_scale",
            str(path),
            "--name",
            "X",
            "--start",
            "2025",
            "--end",
            "2027",
        )
    assert not ScaleTable.objects.exists()
