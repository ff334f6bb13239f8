"""Forms that have not changed since the last report are carried over as
"unchanged since <year>", with the information they held."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ism.concurrency import LATEST
from reporting import services
from reporting.models import ReportForm
from tests.reporting.helpers import form_of, mark_all, open_report

ON = __import__("datetime").date(2025, 3, 1)


@pytest.fixture
def last_year(apmbc, state_a, focal_a):
    """State A's report covering 2023: A and D changed, B unchanged since 2021,
    every other form not applicable; submitted."""
    report = open_report(state_a, apmbc, year=2023, actor=focal_a, today=ON)
    mark_all(report, actor=focal_a, except_codes=("A", "B", "D"))
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "A"),
        status=ReportForm.Status.CHANGED,
        text="Law 12/2019 on anti-personnel mines.",
        actor=focal_a,
    )
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "B"),
        status=ReportForm.Status.UNCHANGED,
        unchanged_since=2021,
        text="No stockpile since 2021.",
        actor=focal_a,
    )
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "D"),
        status=ReportForm.Status.CHANGED,
        text="Retained for training.",
        figures={"mines_retained": Decimal("50")},
        actor=focal_a,
    )
    services.report_submit(report=report, actor=focal_a, today=ON)
    return report


def marks(report) -> dict:
    return {
        f.code: (f.status, f.unchanged_since)
        for f in ReportForm.objects.filter(report=report)
    }


def test_opening_this_years_report_carries_last_years_forms_over(
    apmbc, state_a, focal_a, last_year
):
    report = services.report_start(
        convention=apmbc, state=state_a, year=2024, actor=focal_a, today=ON
    )
    got = marks(report)
    assert got["A"] == ("unchanged", 2023)  # new in 2023: unchanged since 2023
    assert got["B"] == ("unchanged", 2021)  # unchanged since 2021 stays so
    assert got["C"] == ("not_applicable", None)
    assert got["D"] == ("unchanged", 2023)
    d = form_of(report, "D")
    assert d.text == "Retained for training."
    assert {f.key: f.value for f in d.figures.all()} == {"mines_retained": 50}


def test_carrying_over_the_rest_leaves_the_forms_already_marked(
    apmbc, state_a, focal_a, last_year
):
    report = open_report(state_a, apmbc, year=2024, actor=focal_a, today=ON)
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "A"),
        status=ReportForm.Status.CHANGED,
        text="New regulation of 2024.",
        actor=focal_a,
    )
    carried = services.report_forms_carry_over(
        report=report, actor=focal_a, only_unmarked=True
    )
    assert "A" not in carried
    assert form_of(report, "A").text == "New regulation of 2024."
    assert marks(report)["B"] == ("unchanged", 2021)


def test_one_form_can_be_carried_over_on_its_own(apmbc, state_a, focal_a, last_year):
    report = open_report(state_a, apmbc, year=2024, actor=focal_a, today=ON)
    assert services.report_forms_carry_over(
        report=report, actor=focal_a, codes=["D"]
    ) == ["D"]
    got = marks(report)
    assert got["D"] == ("unchanged", 2023)
    assert got["A"] == ("", None)


def test_a_gap_year_carries_over_from_the_last_report_submitted(
    apmbc, state_a, focal_a, last_year
):
    report = open_report(state_a, apmbc, year=2025, actor=focal_a, today=ON)
    services.report_forms_carry_over(report=report, actor=focal_a)
    assert marks(report)["A"] == ("unchanged", 2023)


def test_with_no_earlier_report_there_is_nothing_to_carry(apmbc, state_a, focal_a):
    report = open_report(state_a, apmbc, year=2024, actor=focal_a, today=ON)
    with pytest.raises(ValidationError):
        services.report_forms_carry_over(report=report, actor=focal_a)


def test_a_draft_that_was_never_submitted_is_not_carried_over(apmbc, state_a, focal_a):
    draft = open_report(state_a, apmbc, year=2023, actor=focal_a, today=ON)
    mark_all(draft, actor=focal_a)
    report = services.report_start(
        convention=apmbc, state=state_a, year=2024, actor=focal_a, today=ON
    )
    assert set(marks(report).values()) == {("", None)}


def test_the_page_carries_one_form_over(apmbc, state_a, focal_a, last_year, client_for):
    report = open_report(state_a, apmbc, year=2024, actor=focal_a, today=ON)
    response = client_for(focal_a).post(
        f"/reporting/reports/{report.pk}/carry-over/", {"code": "A"}
    )
    assert response.status_code == 302
    assert marks(report)["A"] == ("unchanged", 2023)
    page = client_for(focal_a).get(report.get_absolute_url())
    assert "Unchanged since 2023" in page.content.decode()
