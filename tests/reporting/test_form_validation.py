"""What a focal point types is checked beside the field, and nothing is saved
half-way: counts are whole numbers, areas have two decimals at most, nothing is
negative, "unchanged since" names an earlier year."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ism.concurrency import LATEST
from reporting import services
from reporting.models import ReportForm
from tests.reporting.helpers import form_of, open_report


@pytest.fixture
def report(apmbc, state_a, focal_a):
    return open_report(state_a, apmbc, actor=focal_a)


def save(report, code, actor, **values):
    return services.report_form_save(
        version=LATEST, form=form_of(report, code), actor=actor, **values
    )


@pytest.mark.parametrize(
    ("figures", "field"),
    [
        (
            {"mines_destroyed_clearance": Decimal("-1")},
            "figure_mines_destroyed_clearance",
        ),
        (
            {"mines_destroyed_clearance": Decimal("2.5")},
            "figure_mines_destroyed_clearance",
        ),
        ({"area_cleared_m2": Decimal("10.125")}, "figure_area_cleared_m2"),
        ({"mines_retained": Decimal("4")}, "figure_mines_retained"),  # not on form G
    ],
)
def test_bad_figures_are_refused_by_the_service(report, focal_a, figures, field):
    with pytest.raises(ValidationError) as raised:
        save(report, "G", focal_a, status="changed", figures=figures)
    assert field in raised.value.message_dict


def test_unchanged_since_names_an_earlier_year(report, focal_a):
    with pytest.raises(ValidationError) as raised:
        save(report, "A", focal_a, status="unchanged", unchanged_since=2024)
    assert "unchanged_since" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        save(report, "A", focal_a, status="unchanged")
    assert "unchanged_since" in raised.value.message_dict
    save(report, "A", focal_a, status="unchanged", unchanged_since=2019)
    assert form_of(report, "A").unchanged_since == 2019


def test_an_area_keeps_its_decimals_and_a_count_is_whole(report, focal_a):
    save(
        report,
        "G",
        focal_a,
        status="changed",
        figures={
            "area_cleared_m2": Decimal("12500.50"),
            "mines_destroyed_clearance": Decimal("120"),
        },
    )
    values = {f.key: f.value for f in form_of(report, "G").figures.all()}
    assert values == {
        "area_cleared_m2": Decimal("12500.50"),
        "mines_destroyed_clearance": Decimal("120"),
    }


def test_the_page_shows_the_message_beside_the_field_and_keeps_what_was_typed(
    client_for, focal_a, report
):
    response = client_for(focal_a).post(
        f"/reporting/reports/{report.pk}/forms/G/",
        {
            "status": "changed",
            "text": "Clearance in the north.",
            "figure_mines_destroyed_clearance": "2.5",
            "figure_area_cleared_m2": "-3",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-figure_mines_destroyed_clearance"' in html
    assert 'data-testid="error-figure_area_cleared_m2"' in html
    assert "Clearance in the north." in html  # nothing typed is lost
    form = form_of(report, "G")
    assert (form.status, form.text, form.figures.count()) == ("", "", 0)


def test_the_page_shows_the_services_message_for_unchanged_since(
    client_for, focal_a, report
):
    response = client_for(focal_a).post(
        f"/reporting/reports/{report.pk}/forms/A/",
        {"status": "unchanged", "unchanged_since": "", "text": "kept"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-unchanged_since"' in response.content.decode()


def test_saving_a_form_keeps_the_report_a_draft_and_records_the_change(
    client_for, focal_a, report
):
    response = client_for(focal_a).post(
        f"/reporting/reports/{report.pk}/forms/G/",
        {
            "status": "changed",
            "text": "Clearance in the north.",
            "figure_mines_destroyed_clearance": "120",
            "figure_area_cleared_m2": "12500.5",
            "save_next": "1",
            "version": services.form_version(form_of(report, "G")),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/reporting/reports/{report.pk}/forms/H/")
    report.refresh_from_db()
    assert report.status == "draft"
    from ism.audit import history_of

    event = history_of(report).first()
    assert event.verb == "form G saved"
    assert event.actor == focal_a
    assert event.changes["figure:mines_destroyed_clearance"] == [None, "120"]


def test_a_report_with_an_unmarked_form_cannot_be_submitted(report, focal_a):
    from tests.reporting.helpers import mark_all

    mark_all(report, actor=focal_a, except_codes=("C",))
    with pytest.raises(ValidationError) as raised:
        services.report_submit(
            report=report, actor=focal_a, today=__import__("datetime").date(2025, 3, 1)
        )
    assert "C" in str(raised.value)
    assert ReportForm.objects.filter(report=report, status="").count() == 1


def test_a_year_still_running_cannot_be_submitted(apmbc, state_a, focal_a):
    import datetime as dt

    from tests.reporting.helpers import mark_all

    report = open_report(
        state_a, apmbc, year=2025, actor=focal_a, today=dt.date(2025, 6, 1)
    )
    mark_all(report, actor=focal_a)
    with pytest.raises(ValidationError):
        services.report_submit(
            report=report, actor=focal_a, today=dt.date(2025, 12, 31)
        )
