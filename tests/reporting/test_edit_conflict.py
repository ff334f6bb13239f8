"""Two people saving the same Article 7 form: the second, working from a copy
loaded before the first saved, is refused with what changed — nothing of either
is lost, and a save again applies the second's entries (issue 15 §2)."""

import re

import pytest
from django.urls import reverse

from ism.concurrency import EditConflict
from reporting import services
from reporting.models import ReportForm
from tests.reporting.helpers import form_of, open_report


@pytest.fixture
def report(apmbc, state_a, focal_a):
    return open_report(state_a, apmbc, actor=focal_a)


def first_form(report) -> ReportForm:
    return form_of(report, report.forms.order_by("pk").first().code)


def test_a_stale_save_is_refused_by_the_service(report, focal_a, isu_staff):
    form = first_form(report)
    loaded = services.form_version(form)
    services.report_form_save(
        form=form,
        status="changed",
        text="The focal point's text",
        version=loaded,
        actor=focal_a,
    )
    with pytest.raises(EditConflict) as refused:
        services.report_form_save(
            form=form,
            status="changed",
            text="Staff's older copy",
            version=loaded,
            actor=isu_staff,
        )
    assert refused.value.changes["text"] == ["", "The focal point's text"]
    assert refused.value.changes["status"][1] == "changed"
    form.refresh_from_db()
    assert form.text == "The focal point's text"


def test_a_save_without_a_version_is_refused(report, focal_a):
    form = first_form(report)
    with pytest.raises(EditConflict):
        services.report_form_save(
            form=form, status="changed", text="x", version=None, actor=focal_a
        )
    form.refresh_from_db()
    assert form.text == ""


def posted(page) -> dict:
    html = page.content.decode()
    version = re.search(r'name="version" value="([^"]+)"', html)[1]
    return {"status": "changed", "text": "", "version": version}


def test_the_page_shows_what_changed_and_keeps_the_second_persons_entries(
    report, focal_a, isu_staff, client_for
):
    form = first_form(report)
    url = reverse("reporting:form", args=[report.pk, form.code])
    focal, staff = client_for(focal_a), client_for(isu_staff)
    focal_data, staff_data = posted(focal.get(url)), posted(staff.get(url))

    focal_data["text"] = "Stockpile destroyed in March."
    assert focal.post(url, focal_data).status_code == 302

    staff_data["text"] = "Staff's wording, from a page opened earlier."
    page = staff.post(url, staff_data)
    assert page.status_code == 409
    html = page.content.decode()
    assert 'data-testid="edit-conflict"' in html
    assert "Stockpile destroyed in March." in html  # what is there now
    assert "Staff&#x27;s wording, from a page opened earlier." in html  # kept
    form.refresh_from_db()
    assert form.text == "Stockpile destroyed in March."

    # Saving again from that page applies the staff member's entries.
    again = posted(page)
    again["text"] = "Staff's wording, from a page opened earlier."
    assert again["version"] != staff_data["version"]
    assert staff.post(url, again).status_code == 302
    form.refresh_from_db()
    assert form.text == "Staff's wording, from a page opened earlier."
