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


def set_identifier(code: str, ref: str) -> None:
    from ism.models import Convention

    Convention.objects.filter(code=code).update(iati_org_ref=ref)


def test_every_demo_plan_exports_valid_iati(demo, client, iati_schema):
    set_identifier("APMBC", "XI-IATI-ISMTEST")
    staff = staff_client(client, "staff.apmbc")
    plans = list(WorkPlan.objects.filter(convention__code="APMBC"))
    assert plans, "the demo has work plans"
    for plan in plans:
        document = parsed(download(staff, plan))
        assert iati_schema.validate(document), (plan, iati_schema.error_log)


def test_the_activity_says_what_it_is_and_what_it_is_for(demo, client):
    set_identifier("APMBC", "XI-IATI-ISMTEST")
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
    reporting = activity.find("reporting-org")
    assert reporting.get("ref") == "XI-IATI-ISMTEST"
    assert activity.findtext("iati-identifier").startswith("XI-IATI-ISMTEST-WP-")


def test_without_the_isus_identifier_there_is_no_export_and_staff_are_told_why(
    demo, client
):
    set_identifier("APMBC", "")
    plan = WorkPlan.objects.filter(convention__code="APMBC").first()
    staff = staff_client(client, "staff.apmbc")
    response = staff.get(f"/workplans/{plan.pk}/iati.xml")
    assert response.status_code == 409
    page = response.content.decode()
    assert "IATI organisation identifier" in page
    assert "/conventions/APMBC/settings/" in page


@pytest.mark.parametrize(
    "value", ["XX ISU", "xm-dac-41301", "XM-DAC", "XM-DAC-", "<b>XM-DAC-1</b>"]
)
def test_a_malformed_identifier_is_refused(value):
    from django.core.exceptions import ValidationError

    from ism.models.core import validate_iati_org_ref

    with pytest.raises(ValidationError):
        validate_iati_org_ref(value)


@pytest.mark.parametrize(
    "value", ["XM-DAC-41301", "GB-CHC-1234567", "XI-IATI-EC_DEVCO"]
)
def test_registry_identifiers_are_accepted(value):
    from ism.models.core import validate_iati_org_ref

    validate_iati_org_ref(value)


def test_staff_set_the_identifier_on_the_settings_page_and_the_export_uses_it(
    demo, client, iati_schema
):
    from ism.models import Convention
    from tests.ism.test_access_policy import SETTINGS_URL, settings_form

    set_identifier("APMBC", "")
    staff = staff_client(client, "staff.apmbc")
    apmbc = Convention.objects.get(code="APMBC")
    refused = staff.post(SETTINGS_URL, settings_form(apmbc, iati_org_ref="XX ISU"))
    assert refused.status_code == 400
    assert "IATI organisation identifier" in refused.content.decode()
    saved = staff.post(SETTINGS_URL, settings_form(apmbc, iati_org_ref="XM-DAC-99999"))
    assert saved.status_code == 302
    plan = WorkPlan.objects.filter(convention__code="APMBC").first()
    document = parsed(download(staff, plan))
    assert iati_schema.validate(document), iati_schema.error_log
    assert document.find("iati-activity/reporting-org").get("ref") == "XM-DAC-99999"
