"""The day after 30 April, last year's report of a State that has not submitted it is
missing — on the board, on the State's page and in the API — with nothing written in
between: timeliness follows from the due date and today when it is read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting import rules
from tests.budgets.days import on_day
from tests.reporting.helpers import open_report, party

pytestmark = pytest.mark.django_db


@pytest.fixture
def year(apmbc) -> int:
    """The year now running: its report falls due on 30 April next year."""
    return timezone.localdate().year


@pytest.fixture
def due(apmbc, year) -> dt.date:
    return rules.annual_due(apmbc, year)


def _row(html: str, iso3: str) -> str:
    row = html.split(f'data-testid="row-{iso3}"')[1]
    return row.split("</tr>")[0]


def test_the_board_shows_the_report_missing_the_day_after_it_was_due(
    client_for, isu_staff, apmbc, year, due
):
    quiet = party(apmbc, name="Quiet")
    url = reverse("reporting:board", args=[apmbc.code, year])

    with on_day(due):
        html = client_for(isu_staff).get(url).content.decode()
    assert "not yet due" in _row(html, quiet.iso3)

    with on_day(due + dt.timedelta(days=1)):
        html = client_for(isu_staff).get(url).content.decode()
    assert "missing" in _row(html, quiet.iso3)


def test_the_states_page_and_the_api_show_its_draft_missing(
    client_for, focal_a, apmbc, state_a, year, due
):
    report = open_report(
        state_a, apmbc, year=year, actor=focal_a, today=due - dt.timedelta(days=30)
    )
    page = reverse("reporting:state", args=[state_a.iso3, apmbc.code])

    def seen() -> tuple[str, str]:
        client = client_for(focal_a)
        html = client.get(page).content.decode()
        (row,) = client.get("/api/v1/reports/").json()["results"]
        assert row["id"] == report.pk
        card = html.split('data-testid="current-report"')[1].split("</p>")[0]
        timeliness = card.split("</span>")[-2].split(">")[-1]
        return timeliness, row["timeliness"]

    with on_day(due):
        assert seen() == ("not yet due", "not_due")
    with on_day(due + dt.timedelta(days=1)):
        assert seen() == ("missing", "missing")
