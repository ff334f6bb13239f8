"""The APMBC 2026 work plan of the demo, exported from the API, imported into a
database without work plans, and exported again: identical (see roundtrip.py
for what identical means), in seconds."""

from __future__ import annotations

import json
import time
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ism.models import User
from tests.workplans.roundtrip import comparable
from workplans import demo, services
from workplans.models import Result, WorkPlan


def _export(client, plan_id: int) -> dict:
    response = client.get(f"/api/v1/workplans/{plan_id}/")
    assert response.status_code == 200
    return response.json()


def _wipe() -> None:
    WorkPlan.objects.all().delete()
    assert not Result.objects.exists()


def test_the_demo_plan_comes_back_identical_from_its_export(demo, client, tmp_path):
    staff = User.objects.get(username="staff.apmbc")
    client.force_login(staff)
    plan = WorkPlan.objects.get(convention__code="APMBC", start_year=2026)
    before = _export(client, plan.pk)
    assert before["budget"] is not None
    assert any(r["budget_lines"] for a in before["areas"] for r in a["results"])
    file = tmp_path / "apmbc-2026.json"
    file.write_text(json.dumps(before), encoding="utf-8")
    _wipe()

    started = time.perf_counter()
    call_command("import_workplan", str(file), stdout=StringIO())
    seconds = time.perf_counter() - started

    again = WorkPlan.objects.get(convention__code="APMBC", start_year=2026)
    after = _export(client, again.pk)
    assert again.pk != plan.pk
    assert after["status"] == "draft"
    assert comparable(after) == comparable(before)
    assert seconds < 5, seconds


def test_a_plan_without_its_budget_comes_back_identical_in_an_empty_database(
    apmbc, isu_staff, client_for
):
    client = client_for(isu_staff)
    plan = demo.load()
    before = _export(client, plan.pk)
    _wipe()

    again = services.workplan_import(convention=apmbc, data=before, actor=isu_staff)

    assert comparable(_export(client, again.pk)) == comparable(before)


def test_a_wrong_file_is_refused_whole_with_the_place_of_each_problem(
    apmbc, isu_staff, client_for
):
    data = _export(client_for(isu_staff), demo.load().pk)
    _wipe()
    area = data["areas"][1]
    area["results"][0]["text"] = "  "
    area["results"][-1]["contributes_to"] = data["areas"][0]["results"][0]["id"]
    data["areas"][2]["results"][1]["level"] = "goal"
    data["areas"][3]["results"][0]["indicators"] = [{"description": "x", "target": "a"}]

    with pytest.raises(ValidationError) as refused:
        services.workplan_import(convention=apmbc, data=data, actor=isu_staff)

    places = refused.value.message_dict
    assert "areas[1].results[0].text" in places
    last = len(area["results"]) - 1
    assert f"areas[1].results[{last}].contributes_to" in places
    assert "areas[2].results[1].level" in places
    assert "areas[3].results[0].indicators[0].target" in places
    assert not WorkPlan.objects.exists()
