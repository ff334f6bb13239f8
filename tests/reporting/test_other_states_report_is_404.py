"""Another State's report does not exist for a focal point: reading, filling in,
attaching, carrying over, submitting or correcting it is a 404, on the pages and
in the API. A user who may read but not act (an auditor) gets a 403."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting import services
from tests.pdfs import one_page_pdf
from tests.reporting.helpers import BEFORE_DUE, mark_all, open_report, submitted_report

PDF = one_page_pdf()


@pytest.fixture
def b_draft(apmbc, state_b, focal_b):
    report = open_report(state_b, apmbc, actor=focal_b)
    form = report.forms.get(code="A")
    form.report = report
    services.report_attachment_add(
        form=form,
        upload=SimpleUploadedFile("law.pdf", PDF, "application/pdf"),
        actor=focal_b,
    )
    return report


@pytest.fixture
def b_submitted(apmbc, state_b, focal_b):
    """B's report covering 2023, submitted and not published."""
    report, version = submitted_report(state_b, apmbc, year=2023, actor=focal_b)
    return report, version


def urls(report) -> dict[str, str]:
    pk = report.pk
    return {
        "report": f"/reporting/reports/{pk}/",
        "form": f"/reporting/reports/{pk}/forms/A/",
    }


def test_state_as_focal_point_cannot_read_state_bs_draft(client_for, focal_a, b_draft):
    client = client_for(focal_a)
    for url in urls(b_draft).values():
        assert client.get(url).status_code == 404, url
    attachment = b_draft.attachments.get()
    assert client.get(f"/reporting/attachments/{attachment.pk}/").status_code == 404
    assert client.get("/reporting/states/BBB/APMBC/").status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("forms/A/", {"status": "changed", "text": "not mine"}),
        ("carry-over/", {}),
        ("submit/", {}),
        ("correct/", {}),
    ],
)
def test_state_as_focal_point_cannot_write_to_state_bs_report(
    client_for, focal_a, b_draft, path, data
):
    response = client_for(focal_a).post(f"/reporting/reports/{b_draft.pk}/{path}", data)
    assert response.status_code == 404
    b_draft.refresh_from_db()
    assert b_draft.status == "draft"
    assert b_draft.forms.get(code="A").text == ""


def test_state_as_focal_point_cannot_attach_to_or_remove_from_state_bs_report(
    client_for, focal_a, b_draft
):
    client = client_for(focal_a)
    upload = SimpleUploadedFile("x.pdf", PDF, "application/pdf")
    assert (
        client.post(
            f"/reporting/reports/{b_draft.pk}/forms/A/attach/", {"file": upload}
        ).status_code
        == 404
    )
    attachment = b_draft.attachments.get()
    assert (
        client.post(f"/reporting/attachments/{attachment.pk}/remove/").status_code
        == 404
    )
    assert b_draft.attachments.count() == 1


def test_state_as_focal_point_cannot_start_a_report_for_state_b(
    client_for, focal_a, state_b
):
    response = client_for(focal_a).post(
        "/reporting/states/BBB/APMBC/start/", {"kind": "annual", "year": 2024}
    )
    assert response.status_code == 404
    assert not state_b.article7_reports.exists()


def test_a_submitted_but_unpublished_version_of_b_is_404_for_a(
    client_for, focal_a, b_submitted
):
    _, version = b_submitted
    client = client_for(focal_a)
    assert client.get(version.get_absolute_url()).status_code == 404
    assert client.get(f"/reporting/versions/{version.pk}/pdf/").status_code == 404


def test_bs_published_report_is_public_but_its_working_copy_stays_bs(
    client_for, focal_a, isu_staff, b_submitted
):
    report, version = b_submitted
    services.report_version_publish(version=version, actor=isu_staff)
    client = client_for(focal_a)
    assert client.get(version.get_absolute_url()).status_code == 200
    assert client.get(f"/reporting/reports/{report.pk}/").status_code == 404
    assert client.post(f"/reporting/reports/{report.pk}/correct/").status_code == 404


def test_the_api_hides_bs_drafts_from_a(client_for, focal_a, b_draft, apmbc, state_a):
    own = open_report(state_a, apmbc, actor=focal_a, today=BEFORE_DUE)
    client = client_for(focal_a)
    listed = [row["id"] for row in client.get("/api/v1/reports/").json()["results"]]
    assert listed == [own.pk]
    assert client.get(f"/api/v1/reports/{b_draft.pk}/").status_code == 404


def test_an_auditor_reads_a_draft_but_cannot_submit_it(client_for, auditor, b_draft):
    mark_all(b_draft)
    client = client_for(auditor)
    assert client.get(f"/reporting/reports/{b_draft.pk}/").status_code == 200
    assert client.post(f"/reporting/reports/{b_draft.pk}/submit/").status_code == 403
    b_draft.refresh_from_db()
    assert b_draft.status == "draft"


def test_other_conventions_staff_cannot_see_the_draft(client_for, other_staff, b_draft):
    assert (
        client_for(other_staff).get(f"/reporting/reports/{b_draft.pk}/").status_code
        == 404
    )
