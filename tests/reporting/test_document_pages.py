"""Documents rendered by a worker: asking for the ISU report's PDF queues it and
the page offers it once it is there (in-process without a broker); a version's
PDF is served under a meaningful name."""

import datetime as dt

from reporting import services
from reporting.models import IsuReportDocument
from tests.reporting.helpers import submitted_report


def test_staff_ask_for_the_isu_reports_pdf_and_download_it(
    client_for, isu_staff, apmbc, django_capture_on_commit_callbacks
):
    client = client_for(isu_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/reporting/isu-report/pdf/",
            {"convention": "APMBC", "start": "2025-01-01", "end": "2025-12-31"},
        )
    document = IsuReportDocument.objects.get()
    assert response["Location"] == f"/reporting/isu-report/documents/{document.pk}/"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'data-ready="true"' in page.content.decode()
    download = client.get(f"{response['Location']}?download=1")
    assert download["Content-Disposition"].endswith(
        'filename="APMBC-ISU-annual-report-2025.pdf"'
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_the_isu_reports_pdf_is_the_conventions_staffs(
    client_for, isu_staff, other_staff, apmbc
):
    document = services.isu_report_request(
        convention=apmbc,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
        actor=isu_staff,
    )
    url = f"/reporting/isu-report/documents/{document.pk}/"
    assert client_for(other_staff).get(url).status_code == 404


def test_a_version_without_its_pdf_yet_is_rendered_on_first_download(
    client_for, focal_a, apmbc, state_a
):
    _, version = submitted_report(state_a, apmbc, actor=focal_a)
    assert not version.pdf
    response = client_for(focal_a).get(f"/reporting/versions/{version.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'filename="APMBC-Article7-AAA-2024-v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
