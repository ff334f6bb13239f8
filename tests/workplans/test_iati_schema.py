"""The IATI export of a work plan is valid IATI 2.03: checked against the
standard's own XML schema (tests/standards/iati-2.03, vendored with its source and
licence), not against what we think it says. Every plan of the demo world is
exported through the page a user downloads it from."""

from pathlib import Path

import pytest
from lxml import etree

from workplans.models import WorkPlan

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "standards" / "iati-2.03"


@pytest.fixture(scope="module")
def iati_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd")))


def download(client, plan) -> bytes:
    response = client.get(f"/workplans/{plan.pk}/iati.xml")
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def parsed(xml: bytes) -> etree._Element:
    # Our own export, parsed without network access or entities.
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.fromstring(xml, parser)


def staff_client(client, username: str):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_every_demo_plan_exports_valid_iati(demo, client, iati_schema):
    staff = staff_client(client, "staff.apmbc")
    plans = list(WorkPlan.objects.filter(convention__code="APMBC"))
    assert plans, "the demo has work plans"
    for plan in plans:
        document = parsed(download(staff, plan))
        assert iati_schema.validate(document), (plan, iati_schema.error_log)


def test_the_activity_says_what_it_is_and_what_it_is_for(demo, client):
    staff = staff_client(client, "staff.apmbc")
    plan = WorkPlan.objects.filter(convention__code="APMBC").first()
    activity = parsed(download(staff, plan)).find("iati-activity")
    description = activity.find("description")
    assert description.get("type") == "1"
    assert plan.convention.short_name in description.findtext("narrative")
    sector = activity.find("sector")
    assert (sector.get("vocabulary"), sector.get("code")) == ("1", "15250")
    assert sector.findtext("narrative") == (
        "Removal of land mines and explosive remnants of war"
    )
