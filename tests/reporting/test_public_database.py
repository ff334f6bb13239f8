"""The public database lists published reports, without logging in, searchable by
State, year and the form with new information, a page at a time."""

import pytest

from ism.concurrency import LATEST
from reporting import services
from reporting.models import ReportForm
from tests.reporting.helpers import BEFORE_DUE, form_of, mark_all, open_report, party


def publish(state, convention, year, changed, staff):
    report = open_report(state, convention, year=year, today=BEFORE_DUE)
    mark_all(report, except_codes=changed)
    for code in changed:
        services.report_form_save(
            version=LATEST,
            form=form_of(report, code),
            status=ReportForm.Status.CHANGED,
            text=f"New in {code}",
            actor=None,
        )
    version = services.report_submit(
        report=report, actor=None, today=BEFORE_DUE, render=False
    )
    services.report_version_publish(version=version, actor=staff)
    report.refresh_from_db()
    return report


@pytest.fixture
def database(apmbc, state_a, state_b, isu_staff):
    a24 = publish(state_a, apmbc, 2024, ["A", "G"], isu_staff)
    a23 = publish(state_a, apmbc, 2023, ["A"], isu_staff)
    b24 = publish(state_b, apmbc, 2024, ["C"], isu_staff)
    draft = open_report(party(apmbc, name="Draftland"), apmbc)
    return a24, a23, b24, draft


def rows(client, query=""):
    html = client.get(f"/reporting/public/?{query}").content.decode()
    return sorted(part.split('"')[0] for part in html.split('data-testid="public-')[2:])


def test_anyone_sees_every_published_report_and_no_draft(client, database):
    assert rows(client) == ["AAA-2023", "AAA-2024", "BBB-2024"]


def test_search_by_state_year_and_form(client, database):
    assert rows(client, "state=AAA") == ["AAA-2023", "AAA-2024"]
    assert rows(client, "year=2024") == ["AAA-2024", "BBB-2024"]
    assert rows(client, "form=G") == ["AAA-2024"]
    assert rows(client, "form=C&year=2024") == ["BBB-2024"]
    assert rows(client, "form=J") == []


def test_a_search_that_makes_no_sense_says_so_beside_the_field(client, database):
    response = client.get("/reporting/public/?year=1800")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_list_is_paginated(client, apmbc, isu_staff):
    for n in range(27):
        publish(party(apmbc, name=f"Paged {n:02}"), apmbc, 2024, ["A"], isu_staff)
    first = client.get("/reporting/public/").content.decode()
    second = client.get("/reporting/public/?page=2").content.decode()
    assert first.count('data-testid="public-') - 1 == 25
    assert second.count('data-testid="public-') - 1 == 2
    assert "Page 2 of 2" in second


def test_a_published_version_and_its_pdf_need_no_login(
    client, database, django_capture_on_commit_callbacks
):
    a24 = database[0]
    version = a24.published_version
    assert client.get(version.get_absolute_url()).status_code == 200
    response = client.get(f"/reporting/versions/{version.pk}/pdf/")
    # Without a broker the render runs in the request: the file comes at once.
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'filename="APMBC-Article7-AAA-2024-v1.pdf"'
    )
    assert b"".join(response.streaming_content).startswith(b"%PDF")
