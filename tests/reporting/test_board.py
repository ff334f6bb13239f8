"""The ISU's follow-up board of a convention and year: who submitted on time,
late, or not yet — with counts — reminders sent, and publication."""

import datetime as dt

import pytest

from ism.models import StateContact
from reporting.models import ReportVersion
from tests.reporting.helpers import (
    AFTER_DUE,
    BEFORE_DUE,
    open_report,
    party,
    submitted_report,
)


@pytest.fixture
def board_world(apmbc):
    on_time = party(apmbc, name="Early")
    late = party(apmbc, name="Tardy")
    draft = party(apmbc, name="Drafting")
    silent = party(apmbc, name="Quiet")
    submitted_report(on_time, apmbc, on=BEFORE_DUE)
    submitted_report(late, apmbc, on=AFTER_DUE)
    open_report(draft, apmbc)
    StateContact.objects.create(
        state=silent, convention=apmbc, recipient="M", address="A", emails="q@q.example"
    )
    return on_time, late, draft, silent


def counts(html: str, testid: str) -> str:
    part = html.split(f'data-testid="{testid}"')[1]
    return part.split('class="stat-value">')[1].split("<")[0]


def test_the_board_counts_on_time_late_and_not_submitted(
    client_for, isu_staff, board_world
):
    html = client_for(isu_staff).get("/reporting/board/APMBC/2024/").content.decode()
    assert counts(html, "count-on-time") == "1"
    assert counts(html, "count-late") == "1"
    assert counts(html, "count-not-submitted") == "2"
    assert "1 drafts in progress" in html


def test_the_board_filters_the_states_not_yet_submitted(
    client_for, isu_staff, board_world
):
    _, _, draft, silent = board_world
    html = (
        client_for(isu_staff)
        .get("/reporting/board/APMBC/2024/?show=not_submitted")
        .content.decode()
    )
    rows = sorted(p.split('"')[0] for p in html.split('data-testid="row-')[1:])
    assert rows == sorted([draft.iso3, silent.iso3])


def test_staff_publish_from_the_board(client_for, isu_staff, board_world):
    early = board_world[0]
    version = ReportVersion.objects.get(report__state=early)
    client = client_for(isu_staff)
    board = client.get("/reporting/board/APMBC/2024/").content.decode()
    assert f'data-testid="publish-{early.iso3}"' in board
    response = client.post(
        f"/reporting/versions/{version.pk}/publish/",
        {"next": "/reporting/board/APMBC/2024/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/reporting/board/APMBC/2024/"
    version.refresh_from_db()
    assert version.is_published


def test_the_reminder_button_sends_todays_level_once(
    client_for, isu_staff, board_world, monkeypatch
):
    from ism.models import OutgoingMail

    monkeypatch.setattr(
        "reporting.views.staff.today", lambda: dt.date(2025, 5, 30), raising=True
    )
    client = client_for(isu_staff)
    for _ in range(2):
        response = client.post("/reporting/board/APMBC/2024/remind/")
        assert response.status_code == 302
    silent = board_world[3]
    assert list(OutgoingMail.objects.values_list("key", flat=True)) == [
        f"art7:APMBC:2024:{silent.iso3}:after"
    ]


def test_the_board_is_for_the_conventions_staff(
    client_for, focal_a, other_staff, apmbc
):
    assert client_for(focal_a).get("/reporting/board/APMBC/2024/").status_code == 403
    assert (
        client_for(other_staff).get("/reporting/board/APMBC/2024/").status_code == 403
    )
