"""The pages and the API read a fixed number of queries whatever the number of
States and reports: the same ceiling for 3 States as for 30."""

import datetime as dt

import pytest

from ism.concurrency import LATEST
from ism.models import User
from reporting import services
from reporting.models import Report, ReportForm
from tests.conftest import make_apmbc, make_isu_staff, module_database
from tests.reporting.helpers import BEFORE_DUE, mark_all, open_report, party


def world(convention, isu_staff, count: int):
    """`count` States Parties; two thirds with a published report covering 2024,
    the rest with a draft."""
    for n in range(count):
        state = party(convention, name=f"State {n:03}")
        report = open_report(state, convention, today=BEFORE_DUE)
        if n % 3:
            mark_all(report)
            version = services.report_submit(
                report=report, actor=None, today=BEFORE_DUE, render=False
            )
            services.report_version_publish(version=version, actor=isu_staff)


@pytest.fixture(scope="module", params=[3, 30], ids=["3 States", "30 States"])
def many(request, django_db_setup, django_db_blocker):
    """The world of `request.param` States, built once for the tests that count
    on it, with the APMBC and its ISU staff as tests/conftest.py gives them."""

    def build():
        apmbc = make_apmbc()
        world(apmbc, make_isu_staff(apmbc), request.param)

    with module_database(django_db_blocker, build=build):
        yield request.param


@pytest.fixture
def staff(many, db):
    return User.objects.get(username="staff-apmbc")


def test_the_board_reads_a_fixed_number_of_queries(
    client_for, staff, many, django_assert_max_num_queries
):
    client = client_for(staff)
    client.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    # Session, user, roles; the convention's report types; participations,
    # reports with versions, contacts, focal points, two outbox reads; the year's
    # due date and the initial reports; the navigation's counts (the newest audit
    # event's id).
    with django_assert_max_num_queries(15):
        response = client.get("/reporting/board/APMBC/2024/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="row-') == many


def test_the_public_database_reads_a_fixed_number_of_queries(
    client, many, db, django_assert_max_num_queries
):
    # The filters' conventions, States, years and report types; the count; the
    # page of reports.
    with django_assert_max_num_queries(6):
        response = client.get("/reporting/public/")
    assert response.status_code == 200
    published = sum(1 for n in range(many) if n % 3)
    assert (
        response.content.decode().count('data-testid="public-')
        == min(published, 25) + 1
    )  # the rows and the table


def test_the_statistics_read_a_fixed_number_of_queries(
    client, many, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        assert client.get("/reporting/statistics/?convention=APMBC").status_code == 200


def test_the_reports_api_reads_a_fixed_number_of_queries(
    client_for, staff, many, django_assert_max_num_queries
):
    client = client_for(staff)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/reports/")
    assert response.status_code == 200
    assert response.json()["count"] == many


def test_the_rates_api_reads_a_fixed_number_of_queries(
    client, many, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/reporting-rates/?convention=APMBC&year=2024")
    assert response.status_code == 200
    assert response.json()[0]["parties"] == many


def test_a_report_page_reads_a_fixed_number_of_queries(
    client_for, focal_a, apmbc, state_a, django_assert_max_num_queries
):
    report = open_report(state_a, apmbc, actor=focal_a, today=dt.date(2025, 3, 1))
    client = client_for(focal_a)
    with django_assert_max_num_queries(20):
        assert client.get(report.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(f"{report.get_absolute_url()}forms/G/").status_code == 200


def test_a_reports_forms_and_a_forms_figures_are_read_from_their_own_table():
    """Every save of a form reads them, every report page and snapshot too. Sorted
    by the parent's ordering, each query joined the report, its convention and its
    State (four tables for a form's figures) to sort rows sharing one parent."""
    forms = str(Report(pk=1).forms.all().query)
    figures = str(ReportForm(pk=1).figures.all().query)

    assert " JOIN " not in forms, forms
    assert " JOIN " not in figures, figures
    # Still in the order they were made: by report, then as created.
    assert forms.endswith(
        'ORDER BY "reporting_reportform"."report_id" ASC, '
        '"reporting_reportform"."id" ASC'
    )


def test_saving_a_form_reads_the_report_its_type_and_the_form_once(
    focal_a, apmbc, state_a, django_assert_num_queries
):
    """A form's save: the report locked with its convention, State and type (the
    form's catalogue entry is the type's), the form locked, its figures before and
    after, the form written, the audit event, the report's time; and the savepoint
    around it. The demo and the tests save thousands of forms."""
    report = open_report(state_a, apmbc, actor=focal_a, today=dt.date(2025, 3, 1))
    first, second = list(report.forms.all())[:2]
    mark = {"version": LATEST, "status": ReportForm.Status.NOT_APPLICABLE}
    services.report_form_save(form=first, actor=focal_a, **mark)  # content types
    with django_assert_num_queries(9):
        services.report_form_save(form=second, actor=focal_a, **mark)
