"""Issue 17's journey in Chromium, on the demo data, with no admin page: a member
of the CCW's ISU invites a colleague by e-mail, who accepts the link, imports
the CCW's parties on *Parties in bulk* (preview, confirm) and a work plan on the
work plan import page (preview, confirm), then invites the focal point of a
State party to Protocol V; the focal point accepts, fills in the Protocol V
report's forms, gives the State's consent to publication and submits it.

Runs under the production Content-Security-Policy.
"""

from __future__ import annotations

import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ism.demo import REFERENCE_DIR
from ism.demo_instruments import SAMPLE
from ism.demo_people import DEMO_PASSWORD
from tests.e2e.conftest import accept_confirmations, log_in

pytestmark = [pytest.mark.e2e]

STAFF = "staff.ccw"
COLLEAGUE = "ana.colleague@unoda.example"
FOCAL = "focal.albania@mfa.example"  # Albania: party to Protocol V in the sample
PASSWORD = "Geneva, Palais des Nations 1980"


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ccw_staff(demo_data):
    from ism.models import Convention, Role, User
    from tests.factories import assign

    user = User.objects.create_user(STAFF, password=DEMO_PASSWORD)
    assign(user, Role.ISU_STAFF, convention=Convention.objects.get(code="CCW"))
    return user


@pytest.fixture
def plan_file(tmp_path):
    """A small CCW plan in the reference files' shape, for next year."""
    year = timezone.localdate().year + 1
    areas = [
        {
            "title": f"Area {n}",
            "activities": [f"Activity {n}.{i}" for i in (1, 2)],
            "outputs": [f"Output {n}"],
            "outcomes": [f"Outcome {n}"],
            "impacts": ["The Convention and its Protocols are implemented."],
        }
        for n in (1, 2)
    ]
    path = tmp_path / "ccw-plan.json"
    path.write_text(json.dumps({"convention": "CCW", "year": year, "areas": areas}))
    return path


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_test_id("who")).to_have_count(0)


def invite(page: Page, email: str, role: str, state: str | None = None) -> None:
    page.goto("/conventions/CCW/")
    page.get_by_test_id("people-link").click()
    page.get_by_test_id("invite").click()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Role").select_option(label=role)
    if state:
        page.get_by_label("State", exact=True).select_option(label=state)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text(f"Invitation sent to {email}")


def accept(page: Page, email: str, welcome: str) -> None:
    from ism.models import OutgoingMail

    mail = OutgoingMail.objects.get(to=[email])
    (link,) = re.findall(r"https?://\S+/invitations/\S+/", mail.body)
    page.goto(link)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Accept and create my account").click()
    expect(page.get_by_role("status")).to_contain_text(welcome)


def test_ccw_staff_import_parties_and_a_plan_and_a_focal_point_reports(
    page: Page, ccw_staff, plan_file, console_errors, snapshot
):
    from ism.models import InstrumentMembership, Participation
    from reporting.models import Report
    from workplans.models import WorkPlan

    accept_confirmations(page)

    # --- An ISU colleague, invited by e-mail --------------------------------------
    log_in(page, STAFF)
    invite(page, COLLEAGUE, "ISU staff")
    log_out(page)
    accept(page, COLLEAGUE, "you are now ISU staff")

    # --- … imports the parties: preview, then confirm ------------------------------
    page.goto("/conventions/CCW/")
    page.get_by_role("link", name="Parties in bulk").click()
    sample = str(REFERENCE_DIR / SAMPLE)
    page.get_by_label("Participation table (CSV)").set_input_files(sample)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("parties-preview")).to_contain_text("Albania")
    ccw_p5 = {"instrument__convention__code": "CCW", "instrument__code": "p5"}
    assert not InstrumentMembership.objects.filter(**ccw_p5, state__iso3="ALB").exists()
    snapshot("parties-preview")
    page.get_by_test_id("parties-confirm").click()
    expect(page.get_by_role("status")).to_be_visible()
    party = Participation.Status.PARTY
    assert (
        Participation.objects.filter(convention__code="CCW", status=party).count()
        >= 127
    )
    assert InstrumentMembership.objects.filter(
        **ccw_p5, state__iso3="ALB", status=party
    ).exists()

    # --- … imports a work plan: preview, then confirm ------------------------------
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Work plans"
    ).click()
    page.get_by_test_id("import-workplan").filter(has_text="CCW").click()
    page.get_by_label("Work plan file").set_input_files(str(plan_file))
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_test_id("import-preview")).to_be_visible()
    assert not WorkPlan.objects.filter(convention__code="CCW").exists()
    page.get_by_role("button", name="Import the work plan").click()
    page.wait_for_url(re.compile(r"/workplans/\d+/"))
    plan = WorkPlan.objects.get(convention__code="CCW")
    assert (plan.status, plan.results.count()) == (WorkPlan.Status.DRAFT, 10)

    # --- … and invites Albania's focal point ---------------------------------------
    invite(page, FOCAL, "State focal point", state="Albania")
    log_out(page)
    accept(page, FOCAL, "you are now State focal point")

    # --- The focal point fills in the Protocol V report and submits it -------------
    page.goto("/reporting/")
    reports = page.get_by_test_id("focal-reports")
    expect(reports).to_contain_text("Protocol V report")
    reports.get_by_role("row").filter(has_text="Protocol V report").get_by_role(
        "link", name="All reports"
    ).click()
    page.get_by_test_id("start-current").click()
    forms = page.get_by_test_id("forms")
    expect(forms.get_by_test_id("form-V-6")).to_be_visible()
    forms.get_by_test_id("form-V-1").get_by_role("link", name="Fill in").click()
    for _code in ("V-1", "V-2", "V-3", "V-4", "V-5"):
        page.get_by_label("Not applicable").check()
        page.get_by_role("button", name=re.compile("^Save and go to")).click()
        page.wait_for_load_state()
    page.get_by_label("Changed: new information in this report").check()
    page.get_by_label("Information", exact=True).fill("A national ERW database.")
    page.get_by_role("button", name="Save and return to all forms").click()
    expect(forms.get_by_test_id("form-V-6")).to_contain_text("Changed")
    page.get_by_label("The State agrees to the publication of this report").check()
    snapshot("protocol-v-ready")
    page.get_by_test_id("submit").click()
    expect(page.locator(".message")).to_contain_text("Version 1 submitted")
    expect(page.get_by_test_id("report-status").first).to_have_text("Submitted")
    expect(page.get_by_test_id("publication-consent")).to_contain_text(
        "agrees to its publication"
    )
    report = Report.objects.get(state__iso3="ALB", report_type__code="pv")
    assert (report.publication_consent, report.versions.count()) == (True, 1)
    assert console_errors == []
