"""Reporting rates from a world whose answers are counted by hand.

Eleven States: ten long-standing parties and one whose convention entered into
force on 1 June 2024 (its initial report was due on 28 November 2024, so it owes
no report covering 2023 and owes the one covering 2024); one signatory, who owes
nothing. Reports covering 2023 are due by 30 April 2024:

* on time: 4 (one of them exactly on 30 April 2024)
* late:    3
* not submitted: 3 (one of them a draft)
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from reporting import selectors, services
from tests.reporting.helpers import mark_all, open_report, party

DUE_2023 = dt.date(2024, 4, 30)
ON_TIME_DAYS = [
    dt.date(2024, 1, 15),
    dt.date(2024, 3, 3),
    dt.date(2024, 4, 29),
    DUE_2023,
]
LATE_DAYS = [dt.date(2024, 5, 1), dt.date(2024, 7, 9), dt.date(2024, 12, 1)]


def pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole) * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def submit_on(state, convention, year, day):
    report = open_report(state, convention, year=year, today=day)
    mark_all(report)
    services.report_submit(report=report, actor=None, today=day)


@pytest.fixture
def world(ccm):
    convention = ccm
    parties = [party(convention, name=f"Party {n:02}") for n in range(10)]
    newcomer = party(convention, name="Newcomer", eif=dt.date(2024, 6, 1))
    party(convention, name="Signatory", status="signatory", eif=None)
    for state, day in zip(parties[:4], ON_TIME_DAYS, strict=True):
        submit_on(state, convention, 2023, day)
    for state, day in zip(parties[4:7], LATE_DAYS, strict=True):
        submit_on(state, convention, 2023, day)
    open_report(parties[7], convention, year=2023, today=dt.date(2024, 5, 2))
    return convention, parties, newcomer


def test_rates_of_2023_counted_a_year_after_the_due_date(world):
    convention, _, _ = world
    (rate,) = selectors.reporting_rates(convention, [2023], today=dt.date(2025, 1, 10))
    assert rate.due == DUE_2023
    assert rate.parties == 10  # neither the newcomer nor the signatory
    assert (rate.on_time, rate.late, rate.missing, rate.not_due) == (4, 3, 3, 0)
    assert rate.on_time_pct == pct(4, 10) == Decimal("40.0")
    assert rate.late_pct == pct(3, 10)
    assert rate.missing_pct == pct(3, 10)
    assert rate.submitted_pct == pct(7, 10)


def test_rates_of_2023_on_the_due_date(world):
    convention, _, _ = world
    (rate,) = selectors.reporting_rates(convention, [2023], today=DUE_2023)
    # Four in by the due date; nobody is late or missing yet.
    assert (rate.on_time, rate.late, rate.missing, rate.not_due) == (4, 0, 0, 6)


def test_rates_of_2023_in_june(world):
    convention, _, _ = world
    (rate,) = selectors.reporting_rates(convention, [2023], today=dt.date(2024, 6, 30))
    # Late so far: the one of 1 May; the two later ones still count as missing.
    assert (rate.on_time, rate.late, rate.missing) == (4, 1, 5)
    assert rate.missing_pct == pct(5, 10)


def test_the_newcomer_owes_the_report_covering_2024(world):
    convention, _, _ = world
    (rate,) = selectors.reporting_rates(convention, [2024], today=dt.date(2025, 6, 1))
    assert rate.parties == 11
    assert rate.missing == 11


def test_the_api_gives_the_same_figures_as_strings(world, client, monkeypatch):
    convention, _, _ = world
    monkeypatch.setattr(
        "reporting.api.today", lambda: dt.date(2025, 1, 10), raising=True
    )
    response = client.get(
        f"/api/v1/reporting-rates/?convention={convention.code}&year=2023"
    )
    assert response.status_code == 200
    (row,) = response.json()
    assert row["parties"] == 10
    assert (row["on_time"], row["late"], row["missing"]) == (4, 3, 3)
    assert row["on_time_pct"] == "40.0"
    assert row["submitted_pct"] == "70.0"


def test_the_api_refuses_an_unknown_convention_with_the_field_named(client, world):
    response = client.get("/api/v1/reporting-rates/?convention=NOPE")
    assert response.status_code == 400
    assert "convention" in response.json()["error"]["fields"]


def test_the_statistics_page_shows_the_figures_and_draws_the_chart(
    world, client, monkeypatch
):
    convention, _, _ = world
    monkeypatch.setattr(
        "reporting.views.public.today", lambda: dt.date(2025, 1, 10), raising=True
    )
    page = client.get(f"/reporting/statistics/?convention={convention.code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="rate-2023"' in html
    assert "40.0%" in html and "70.0%" in html
    assert "<svg" in html and 'class="seg-on-time"' in html
    assert "<style" not in html and " style=" not in html
