"""The import page: upload, preview (nothing saved), confirm; a wrong file is
refused whole with each problem's place; only the convention's ISU staff reach
it. And who downloads the work plan and budget document."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.budgets.factories import budget_with
from tests.workplans.ccm_outline import ccm_outline_plan
from workplans import services
from workplans.models import WorkPlan

MATRIX = {
    None: 302,
    "focal_a": 403,
    "committee_member": 403,
    "other_staff": 403,
    "auditor": 403,
    "isu_staff": 200,
    "superuser": 200,
}


def _upload(data: dict, name: str = "plan.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data).encode(), "application/json")


@pytest.mark.parametrize(("who", "status"), MATRIX.items())
def test_only_the_conventions_staff_reach_the_import_page(
    request, client_for, apmbc, ccm, who, status
):
    user = None if who is None else request.getfixturevalue(who)
    response = client_for(user).get("/workplans/import/APMBC/")
    assert response.status_code == status


def test_it_previews_then_imports_on_confirming(client_for, isu_staff, reference):
    client = client_for(isu_staff)

    preview = client.post("/workplans/import/APMBC/", {"file": _upload(reference)})

    assert preview.status_code == 200
    assert not WorkPlan.objects.exists()
    page = preview.content.decode()
    assert 'data-testid="import-preview"' in page
    assert preview.context["preview"].statements == 106
    content = preview.context["content"]

    done = client.post(
        "/workplans/import/APMBC/",
        {"confirm": "1", "kind": "json", "year": "", "content": content},
    )

    plan = WorkPlan.objects.get()
    assert done.status_code == 302
    assert done["Location"] == plan.get_absolute_url()
    assert plan.results.count() == 106
    assert plan.status == WorkPlan.Status.DRAFT


def test_a_wrong_file_is_refused_whole_with_its_places(
    client_for, isu_staff, reference
):
    wrong = json.loads(json.dumps(reference))
    wrong["areas"][4]["outputs"][1] = " "
    wrong["convention"] = "CCM"

    response = client_for(isu_staff).post(
        "/workplans/import/APMBC/", {"file": _upload(wrong)}
    )

    assert response.status_code == 400
    places = dict(response.context["problems"])
    assert "areas[4].outputs[1].text" in places
    assert "convention" in places
    assert not WorkPlan.objects.exists()


def test_the_work_plan_and_budget_is_the_conventions_staff_alone_while_a_draft(
    client_for, ccm, apmbc, isu_staff, other_staff
):
    plan = services.workplan_import(convention=ccm, data=ccm_outline_plan(), actor=None)
    url = f"/workplans/{plan.pk}/pdf/budget/"
    assert client_for(other_staff).get(url).status_code == 404  # no budget yet
    budget = budget_with(lines=2, convention=ccm, year=plan.start_year)
    services.workplan_update(workplan=plan, data={"budget": budget}, actor=None)

    assert client_for(isu_staff).get(url).status_code == 404  # another convention's
    assert client_for(None).get(url).status_code in (302, 404)
    page = client_for(other_staff).get(plan.get_absolute_url()).content.decode()
    assert 'data-testid="pdf-budget"' in page
    # Last: closing a file response ends the request, and its connection.
    response = client_for(other_staff).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    response.close()


def test_the_settings_set_numbering_title_block_and_an_action_plan_of_the_convention(
    client_for, ccm, other_staff
):
    ccm.action_plan_name = "Lausanne Action Plan"
    ccm.save()
    # The plan's year and its document's date from the clock (the suite runs on
    # other days too): next year's plan, circulated in June of this year.
    today = timezone.localdate()
    symbol = f"CCM/MSP/{today.year}/5"
    plan = services.workplan_create(
        convention=ccm, kind=WorkPlan.Kind.ANNUAL, start_year=today.year + 1, actor=None
    )
    client = client_for(other_staff)
    page = client.get(f"/workplans/{plan.pk}/settings/").content.decode()
    assert "Lausanne Action Plan" in page
    assert "Siem Reap" not in page
    fields = {
        "title": "",
        "numbering": "lettered",
        "meeting": "Fifteenth Meeting of States Parties",
        "agenda_item": "9",
        "document_symbol": symbol,
        "document_date": today.replace(month=6, day=1).isoformat(),
        "objectives": "First.\n\nSecond.",
        "expected_results": "",
        "budget": "",
    }

    refused = client.post(
        f"/workplans/{plan.pk}/settings/", {**fields, "action_plan": "Oslo Action Plan"}
    )
    done = client.post(
        f"/workplans/{plan.pk}/settings/",
        {**fields, "action_plan": "Lausanne Action Plan"},
    )

    assert refused.status_code == 400
    assert done.status_code == 302
    plan.refresh_from_db()
    assert (plan.numbering, plan.document_symbol, plan.action_plan) == (
        "lettered",
        symbol,
        "Lausanne Action Plan",
    )
    assert plan.objectives == "First.\n\nSecond."
