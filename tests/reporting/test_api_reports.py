"""/api/v1/reports/: published reports for everyone — their published version
only — and, for a State's focal point, its own drafts too."""

import pytest

from ism.concurrency import LATEST
from reporting import services
from reporting.models import ReportForm
from tests.reporting.helpers import BEFORE_DUE, form_of, mark_all, open_report


@pytest.fixture
def published(apmbc, state_a, focal_a, isu_staff):
    """A's report covering 2024, published with Form A changed; then reopened and
    corrected in a draft nobody has submitted."""
    report = open_report(state_a, apmbc, actor=focal_a)
    mark_all(report, actor=focal_a, except_codes=("A",))
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "A"),
        status=ReportForm.Status.CHANGED,
        text="Published law.",
        actor=focal_a,
    )
    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_version_publish(version=version, actor=isu_staff)
    services.report_correct(report=report, actor=focal_a)
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "A"),
        status=ReportForm.Status.CHANGED,
        text="Unpublished correction.",
        actor=focal_a,
    )
    return report


def test_anonymous_clients_see_the_published_version_only(client, published):
    rows = client.get("/api/v1/reports/").json()["results"]
    (row,) = rows
    assert row["status"] == "published"
    assert row["state"] == {"iso3": "AAA", "name": "Atlantis"}
    assert row["due_date"] == "2025-04-30"
    assert row["timeliness"] == "on_time"
    assert row["published_version"]["number"] == 1
    assert row["published_version"]["changed_forms"] == ["A"]
    detail = client.get(f"/api/v1/reports/{published.pk}/").json()
    form_a = next(f for f in detail["forms"] if f["code"] == "A")
    assert form_a["text"] == "Published law."
    assert detail["working_copy"] is None
    assert "Unpublished correction." not in str(detail)


def test_the_focal_point_sees_its_correction_in_progress(
    client_for, focal_a, published
):
    detail = client_for(focal_a).get(f"/api/v1/reports/{published.pk}/").json()
    assert detail["status"] == "correcting"
    draft_a = next(f for f in detail["working_copy"]["forms"] if f["code"] == "A")
    assert draft_a["text"] == "Unpublished correction."
    assert [v["number"] for v in detail["working_copy"]["versions"]] == [1]


def test_a_focal_point_sees_its_own_drafts_in_the_list(
    client_for, focal_a, apmbc, state_a, state_b, focal_b
):
    own = open_report(state_a, apmbc, actor=focal_a)
    open_report(state_b, apmbc, actor=focal_b)
    rows = client_for(focal_a).get("/api/v1/reports/").json()["results"]
    assert [(r["id"], r["status"]) for r in rows] == [(own.pk, "draft")]
    assert client_for(None).get("/api/v1/reports/").json()["results"] == []


def test_the_list_filters_by_state_year_and_form(client, published):
    def ids(query):
        return [
            r["id"] for r in client.get(f"/api/v1/reports/?{query}").json()["results"]
        ]

    assert ids("state=AAA&year=2024&form=A") == [published.pk]
    assert ids("form=B") == []
    assert ids("year=2023") == []
    assert ids("convention=apmbc") == [published.pk]
