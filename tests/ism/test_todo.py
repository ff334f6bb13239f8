"""Each role's to-do list (ism.todo): an item appears while the work waits and goes
when it is done, each links to where it is done, and the home page shows the list
and counts it per area in the navigation, in a number of queries that does not grow
with the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from budgets.models import Budget
from ism.todo import todo_for
from meetings.models import Meeting
from reporting.models import Report, ReportVersion
from reporting.services.submissions import report_version_publish
from tests.budgets.contrib import issue_invoice_today, pay
from tests.factories import ParticipationFactory, StateFactory, UserFactory, assign
from workplans.models import ReviewThread, WorkPlan

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def kinds(user) -> list[str]:
    return [item.kind for item in todo_for(user, today())]


def budget(convention, status, *, year=None) -> Budget:
    return Budget.objects.create(
        convention=convention,
        year=year or today().year + 1,
        status=status,
        currency=convention.currency,
    )


def msp(convention, *, in_days: int, **fields) -> Meeting:
    start = today() + dt.timedelta(days=in_days)
    return Meeting.objects.create(
        convention=convention,
        kind=Meeting.Kind.MSP,
        title="Next Meeting of the States Parties",
        number=99,
        start=start,
        end=start + dt.timedelta(days=4),
        venue="Geneva",
        **fields,
    )


# --- Committee member --------------------------------------------------------------


def test_a_submitted_budget_awaits_the_committee_until_approved(
    committee_member, apmbc
):
    made = budget(apmbc, Budget.Status.DRAFT)
    assert "budget-review" not in kinds(committee_member)

    made.status = Budget.Status.SUBMITTED
    made.save()
    items = todo_for(committee_member, today())
    assert [i.kind for i in items] == ["budget-review"]
    assert items[0].url == f"/budgets/{made.pk}/"
    assert items[0].area == "budgets"

    made.status = Budget.Status.APPROVED
    made.save()
    assert kinds(committee_member) == []


def test_a_work_plan_in_review_awaits_the_committee(committee_member, apmbc):
    plan = WorkPlan.objects.create(
        convention=apmbc,
        start_year=today().year + 1,
        end_year=today().year + 1,
        status=WorkPlan.Status.IN_REVIEW,
    )
    items = todo_for(committee_member, today())
    assert [(i.kind, i.url) for i in items] == [
        ("workplan-review", f"/workplans/{plan.pk}/")
    ]


def test_a_thematic_member_and_another_convention_see_no_review(
    thematic_member, committee_member, ccm
):
    budget(ccm, Budget.Status.SUBMITTED)
    assert kinds(committee_member) == []
    assert kinds(thematic_member) == []


# --- ISU staff ----------------------------------------------------------------------


def test_staff_are_told_of_reports_to_publish(isu_staff, other_staff, apmbc, state_a):
    report = Report.objects.create(
        state=state_a,
        convention=apmbc,
        report_type=apmbc.report_types.get(code="article7"),
        year=today().year - 1,
        kind=Report.Kind.ANNUAL,
        status=Report.Status.SUBMITTED,
        first_submitted_on=today(),
    )
    assert kinds(isu_staff) == ["report-publish"]
    assert kinds(other_staff) == []
    version = ReportVersion.objects.create(
        report=report,
        number=1,
        submitted_at=timezone.now(),
        submitted_on=today(),
        snapshot={},
    )
    report_version_publish(version=version, actor=isu_staff)
    assert kinds(isu_staff) == []


def test_staff_are_told_of_overdue_invoices_until_paid(isu_staff, apmbc, state_a):
    invoice = issue_invoice_today(apmbc, state_a, "1000.00", due_in_days=10)
    assert "invoices-overdue" not in kinds(isu_staff)
    later = invoice.due_date + dt.timedelta(days=1)
    items = [i for i in todo_for(isu_staff, later) if i.kind == "invoices-overdue"]
    assert len(items) == 1
    assert items[0].due == invoice.due_date and items[0].overdue_on(later)
    assert items[0].url == "/budgets/contributions/APMBC/invoices/?status=overdue"
    pay(invoice, "1000.00", date=today())
    assert "invoices-overdue" not in [i.kind for i in todo_for(isu_staff, later)]


def test_staff_are_told_of_open_comment_threads(isu_staff, apmbc, committee_member):
    plan = WorkPlan.objects.create(
        convention=apmbc, start_year=2030, end_year=2030, title="Plan 2030"
    )
    thread = ReviewThread.objects.create(workplan=plan, opened_by=committee_member)
    items = todo_for(isu_staff, today())
    assert [(i.kind, i.url) for i in items] == [
        ("open-threads", f"/workplans/{plan.pk}/")
    ]
    thread.resolved_at = timezone.now()
    thread.resolved_by = isu_staff
    thread.save()
    assert kinds(isu_staff) == []


def test_staff_see_the_circulation_deadline_until_the_budget_is_circulated(
    isu_staff, apmbc
):
    meeting = msp(apmbc, in_days=100)
    items = [
        i for i in todo_for(isu_staff, today()) if i.kind == "circulation-deadline"
    ]
    assert len(items) == 1
    assert items[0].due == meeting.start - dt.timedelta(days=60)
    assert str(meeting.start.year + 1) in items[0].text
    budget(apmbc, Budget.Status.CIRCULATED, year=meeting.start.year + 1)
    assert "circulation-deadline" not in kinds(isu_staff)


def test_staff_and_focal_points_see_open_registrations(isu_staff, focal_a, apmbc):
    meeting = msp(apmbc, in_days=100, registration_deadline=today())
    assert "meeting-registration" in kinds(isu_staff)
    [item] = [i for i in todo_for(focal_a, today()) if i.kind == "state-registration"]
    assert item.due == today() and item.url == f"/meetings/{meeting.pk}/"
    tomorrow = today() + dt.timedelta(days=1)
    assert "state-registration" not in [i.kind for i in todo_for(focal_a, tomorrow)]


# --- Focal point --------------------------------------------------------------------


def test_a_focal_point_is_told_what_their_state_owes(focal_a, focal_b, apmbc, state_a):
    invoice = issue_invoice_today(apmbc, state_a, "1000.00", due_in_days=30)
    pay(invoice, "400.00", date=today())
    [item] = [i for i in todo_for(focal_a, today()) if i.kind == "state-owes"]
    assert "600" in item.text and "Atlantis" in item.text
    assert item.due == invoice.due_date
    assert item.url == "/budgets/states/AAA/APMBC/contributions/"
    assert "state-owes" not in kinds(focal_b)
    pay(invoice, "600.00", date=today())
    assert "state-owes" not in kinds(focal_a)


def test_a_focal_point_is_told_when_the_report_is_due(focal_a, apmbc, state_a):
    [item] = [i for i in todo_for(focal_a, today()) if i.kind == "report-due"]
    year = today().year - 1
    assert item.due == apmbc.annual_report_due(year)
    assert item.url == "/reporting/states/AAA/APMBC/"
    Report.objects.create(
        state=state_a,
        convention=apmbc,
        report_type=apmbc.report_types.get(code="article7"),
        year=year,
        kind=Report.Kind.ANNUAL,
        status=Report.Status.SUBMITTED,
        first_submitted_on=today(),
    )
    assert "report-due" not in kinds(focal_a)


def test_an_auditor_and_a_newcomer_have_nothing_to_do(auditor, apmbc, state_a):
    budget(apmbc, Budget.Status.SUBMITTED)
    invoice = issue_invoice_today(apmbc, state_a, "10.00", due_in_days=1)
    later = invoice.due_date + dt.timedelta(days=1)
    assert todo_for(auditor, later) == []
    assert kinds(UserFactory(username="newcomer")) == []


# --- The page -----------------------------------------------------------------------


def test_the_home_page_lists_the_items_and_counts_them_in_the_navigation(
    client_for, committee_member, apmbc
):
    page = client_for(committee_member).get("/").content.decode()
    assert 'data-testid="todo-empty"' in page and "nav-count" not in page
    made = budget(apmbc, Budget.Status.SUBMITTED)
    page = client_for(committee_member).get("/").content.decode()
    assert f'href="/budgets/{made.pk}/"' in page
    assert 'data-testid="nav-count-budgets">(1<' in page
    assert "todo-empty" not in page


def test_every_page_counts_the_items_and_a_recorded_change_moves_the_count_at_once(
    client_for, committee_member, apmbc
):
    from budgets.services.workflow import budget_approve

    client = client_for(committee_member)
    made = budget(apmbc, Budget.Status.SUBMITTED)
    # Not the home page: the count is the cached list's.
    for url in ("/meetings/", "/workplans/", f"/budgets/{made.pk}/"):
        page = client.get(url).content.decode()
        assert 'data-testid="nav-count-budgets">(1<' in page, url
    # Approving is recorded (an audit event), which makes the cached count stale
    # at once: the next page counts nothing.
    budget_approve(budget=made, actor=committee_member)
    assert "nav-count" not in client.get("/meetings/").content.decode()


def test_a_page_pays_one_query_for_the_counts_once_they_are_cached(
    client_for, committee_member, apmbc
):
    budget(apmbc, Budget.Status.SUBMITTED)
    client = client_for(committee_member)
    client.get("/meetings/")  # fills the cache
    with CaptureQueriesContext(connection) as cached:
        page = client.get("/meetings/").content.decode()
    assert 'data-testid="nav-count-budgets">(1<' in page
    counted = [q["sql"] for q in cached.captured_queries if "auditevent" in q["sql"]]
    assert len(counted) == 1 and "MAX" in counted[0].upper()
    assert not [q for q in cached.captured_queries if "budgets_budget" in q["sql"]]


def test_the_home_page_queries_do_not_grow_with_the_rows(
    client_for, isu_staff, focal_a, apmbc, state_a, django_assert_max_num_queries
):
    user = isu_staff
    assign(user, "focal_point", state=state_a, convention=apmbc)
    issue_invoice_today(apmbc, state_a, "10.00", due_in_days=5)
    msp(apmbc, in_days=100)
    client = client_for(user)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for n in range(5):
        state = StateFactory(iso3=f"Q{n}Q", iso2=f"Q{n}", name=f"State {n}")
        ParticipationFactory(state=state, convention=apmbc)
        assign(user, "focal_point", state=state, convention=apmbc)
        issue_invoice_today(apmbc, state, "10.00", due_in_days=5)
        Report.objects.create(
            state=state,
            convention=apmbc,
            report_type=apmbc.report_types.get(code="article7"),
            year=today().year - 1,
            status=Report.Status.SUBMITTED,
            first_submitted_on=today(),
        )
    with django_assert_max_num_queries(len(few)):
        page = client.get("/").content.decode()
    assert page.count('data-testid="todo-report-publish"') == 5
    assert page.count('data-testid="todo-state-owes"') == 6


def test_the_page_groups_the_items_by_role_and_marks_what_is_late(
    client_for, committee_member, apmbc, state_a
):
    assign(committee_member, "focal_point", state=state_a, convention=apmbc)
    budget(apmbc, Budget.Status.SUBMITTED)
    page = client_for(committee_member).get("/").content.decode()
    review = page.index("To review, as a member of the Coordinating Committee")
    state = page.index("For your State")
    assert review < page.index('data-testid="todo-budget-review"') < state
    assert state < page.index('data-testid="todo-report-due"')
    due = apmbc.annual_report_due(today().year - 1)
    late = "was due" if due < today() else "by"
    assert f"{late} {due.day} {due:%B} {due.year}" in page
