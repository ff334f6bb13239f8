"""The ISU's annual report says what ISM's records say: the meetings held by kind,
the work plan's indicators (target against actual), the reporting rates and the
financial status — in the page, the Word file and the PDF. What ISM does not
record yet (contributions) is said, not invented."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from djmoney.money import Money
from pypdf import PdfReader

from budgets.models import Budget, Fund, FundMovement, StaffPosition
from ism.models import Committee
from meetings.models import Meeting
from reporting import services
from reporting.isu_report import build_isu_report
from reporting.models import IsuReportDocument
from tests.budgets.contrib import contact, issue_invoice, pay
from tests.factories import CommitteeFactory
from tests.reporting.helpers import mark_all, open_report, party
from workplans import services as wp
from workplans.models import Indicator, Level, WorkPlan

START, END = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
ISSUED_2025 = {"issue_date": dt.date(2025, 1, 15), "due_date": dt.date(2025, 3, 31)}
QUERY = "convention=APMBC&start=2025-01-01&end=2025-12-31"


def meeting(convention, kind, day, *, status="held", committee=None, number=None):
    return Meeting.objects.create(
        convention=convention,
        kind=kind,
        title=f"{kind} on {day}",
        number=number,
        start=day,
        end=day,
        committee=committee,
        status=status,
        venue="Geneva",
    )


@pytest.fixture
def records(apmbc, isu_staff):
    """2025 in ISM's records:
    meetings held: 3 Coordinating Committee meetings, 1 Meeting of the States
    Parties; not counted: a postponed workshop, a meeting held in 2024. (A
    planned meeting whose day has passed would count: it is held by its dates.)
    work plan 2025: "Committee meetings supported", up to 60, actual 24.
    reports covering 2024 (due 30 April 2025), four parties: 2 on time, 1 late,
    1 missing → 50.0%, 25.0%, 25.0%.
    budget 2025 adopted: one position at 100,000 + 19.5% social security.
    contributions 2025: invoices of 60,000 (paid) and 40,000 (10,000 paid);
    arrears: a 2024 invoice of 5,000 never paid.
    buffer fund: 758,655 on 1 January 2025.
    """
    cc = CommitteeFactory(
        convention=apmbc,
        name="Coordinating Committee",
        kind=Committee.Kind.COORDINATING,
    )
    for day in (dt.date(2025, 1, 27), dt.date(2025, 3, 26), dt.date(2025, 9, 3)):
        meeting(apmbc, Meeting.Kind.COORDINATING, day, committee=cc)
    meeting(apmbc, Meeting.Kind.MSP, dt.date(2025, 12, 1), number=22)
    meeting(apmbc, Meeting.Kind.WORKSHOP, dt.date(2025, 6, 1), status="postponed")
    meeting(apmbc, Meeting.Kind.COORDINATING, dt.date(2024, 11, 5), committee=cc)

    plan = wp.workplan_create(
        convention=apmbc, kind=WorkPlan.Kind.ANNUAL, start_year=2025, actor=isu_staff
    )
    area = wp.area_add(workplan=plan, title="Meetings", actor=isu_staff)
    output = wp.result_add(
        area=area,
        level=Level.OUTPUT,
        text="Committee meetings supported.",
        actor=isu_staff,
    )
    indicator = wp.indicator_add(
        result=output,
        data={
            "description": "Committee meetings supported",
            "unit": Indicator.Unit.NUMBER,
            "target": Decimal("60"),
            "qualifier": Indicator.Qualifier.UP_TO,
            "period_start": START,
            "period_end": END,
            "direction": Indicator.Direction.INCREASE,
            "aggregation": Indicator.Aggregation.SUM,
            "source": Indicator.Source.MANUAL,
        },
        actor=isu_staff,
    )
    wp.actual_record(
        indicator=indicator,
        period_start=START,
        period_end=END,
        value=Decimal("24"),
        source="ISU records",
        actor=isu_staff,
    )

    states = []
    for name, day in [
        ("On Time One", dt.date(2025, 2, 1)),
        ("On Time Two", dt.date(2025, 4, 30)),
        ("Late Three", dt.date(2025, 7, 1)),
        ("Missing Four", None),
    ]:
        state = party(apmbc, name=name)
        states.append(state)
        if day:
            report = open_report(state, apmbc, today=day)
            mark_all(report)
            services.report_submit(report=report, actor=None, today=day, render=False)

    budget = Budget.objects.create(
        convention=apmbc,
        year=2025,
        currency="CHF",
        status=Budget.Status.ADOPTED,
        social_security_rate=Decimal("0.195"),
    )
    StaffPosition.objects.create(
        budget=budget, order=1, title="Director", fte=1, salary=Money(100000, "CHF")
    )
    one, two, three, _ = states
    for state in (one, two, three):
        contact(state, apmbc)
    paid = issue_invoice(apmbc, one, "60000.00", year=2025, **ISSUED_2025)
    pay(paid, "60000.00", date=dt.date(2025, 3, 1))
    part = issue_invoice(apmbc, two, "40000.00", year=2025, **ISSUED_2025)
    pay(part, "10000.00", date=dt.date(2025, 3, 1))
    issue_invoice(
        apmbc,
        three,
        "5000.00",
        year=2024,
        issue_date=dt.date(2024, 1, 15),
        due_date=dt.date(2024, 3, 31),
    )
    fund = Fund.objects.create(
        convention=apmbc, kind=Fund.Kind.BUFFER, name="Buffer fund", currency="CHF"
    )
    FundMovement.objects.create(
        fund=fund,
        date=START,
        kind=FundMovement.Kind.OPENING,
        amount=Money(758655, "CHF"),
    )
    return plan


# The figures the inputs give, worked out by hand from the fixture.
BUDGET_TOTAL = 100000 + 100000 * 195 // 1000  # 119,500
EXPECTED = [
    "Coordinating Committee meeting",
    "Meeting of the States Parties",
    "Committee meetings supported",
    "up to 60",
    "50.0%",  # 2 of 4 on time
    "25.0%",  # 1 of 4 late; 1 of 4 missing
    f"CHF {BUDGET_TOTAL:,}",
    f"CHF {60000 + 40000:,}",  # assessed
    f"CHF {60000 + 10000:,}",  # received
    f"CHF {40000 - 10000:,}",  # outstanding
    "70.0%",  # received ÷ assessed
    "CHF 5,000",  # arrears of 2024
    "CHF 758,655",
]


def test_the_report_counts_what_the_records_hold(apmbc, isu_staff, records):
    report = build_isu_report(
        convention=apmbc,
        start=START,
        end=END,
        user=isu_staff,
        today=dt.date(2026, 3, 1),
    )
    assert dict(report.meetings.rows) == {
        "Meeting of the States Parties": 1,
        "Coordinating Committee meeting": 3,
    }
    assert report.meetings.total == 4
    (plan,) = report.workplans.plans
    (row,) = plan.rows
    assert (row.indicator, row.target, row.actual) == (
        "Committee meetings supported",
        "up to 60",
        Decimal("24"),
    )
    (rate,) = report.reporting.rates
    assert (rate.year, rate.parties, rate.on_time, rate.late, rate.missing) == (
        2024,
        4,
        2,
        1,
        1,
    )
    assert report.finance.budgets[0].total == Money(BUDGET_TOTAL, "CHF")
    assert report.finance.funds[0].balance == Money(758655, "CHF")
    (year,) = report.finance.contributions
    assert (year.assessed, year.received, year.outstanding, year.arrears) == (
        Money(100000, "CHF"),
        Money(70000, "CHF"),
        Money(30000, "CHF"),
        Money(5000, "CHF"),
    )
    assert year.received_pct == Decimal("70.0")


def _normal(text: str) -> str:
    # Babel separates the currency code with a no-break space.
    return " ".join(text.replace("\u00a0", " ").split())


def docx_of(response):
    import io

    from docx import Document

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    return Document(io.BytesIO(b"".join(response.streaming_content)))


def test_the_word_file_is_a_docx_with_the_figures_in_tables(
    client_for, isu_staff, records
):
    response = client_for(isu_staff).get(f"/reporting/isu-report/word/?{QUERY}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="APMBC-ISU-annual-report-2025.docx"'
    )
    document = docx_of(response)
    paragraphs = [p.text for p in document.paragraphs]
    cells = [
        _normal(cell.text)
        for table in document.tables
        for row in table.rows
        for cell in row.cells
    ]
    text = _normal(" ".join(paragraphs + cells))
    for figure in EXPECTED:
        assert figure in text, figure
    assert len(document.tables) >= 4
    meetings = document.tables[0]
    assert [c.text for c in meetings.rows[0].cells] == ["Kind of meeting", "Held"]
    assert ["Coordinating Committee meeting", "3"] in [
        [c.text for c in row.cells] for row in meetings.rows
    ]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Head")]
    assert "1. Meetings supported" in headings
    assert document.core_properties.author == "APMBC Implementation Support Unit"
    assert document.core_properties.title.startswith("APMBC Implementation Support")


def test_a_period_over_two_years_downloads_under_its_own_name(
    client_for, isu_staff, records
):
    query = "convention=APMBC&start=2024-01-01&end=2025-12-31"
    response = client_for(isu_staff).get(f"/reporting/isu-report/word/?{query}")
    assert response.status_code == 200
    # RFC 6266: the en dash travels as UTF-8 in filename*, so the browser saves
    # the file instead of opening it.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''APMBC-ISU-annual-report-2024%E2%80%932025.docx"
    )
    assert docx_of(response).tables


def test_the_pdf_holds_the_same_figures(
    isu_staff, apmbc, records, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = services.isu_report_request(
            convention=apmbc, start=START, end=END, actor=isu_staff
        )
    document = IsuReportDocument.objects.get(pk=document.pk)
    assert document.pdf.name.endswith("APMBC-ISU-annual-report-2025.pdf")
    with document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
        text = _normal(" ".join(page.extract_text() for page in reader.pages))
    for figure in EXPECTED:
        assert figure in text, figure


def test_sections_without_records_say_so(apmbc, isu_staff):
    report = build_isu_report(
        convention=apmbc,
        start=START,
        end=END,
        user=isu_staff,
        today=dt.date(2026, 3, 1),
    )
    assert report.meetings.note == "ISM records no meeting held in this period."
    assert not report.workplans.available
    assert "no work plan" in report.workplans.note
    assert report.finance.budgets_note
    assert report.finance.funds_note


def test_the_page_shows_the_report_and_refuses_a_reversed_period(
    client_for, isu_staff, records
):
    client = client_for(isu_staff)
    page = client.get(f"/reporting/isu-report/?{QUERY}")
    assert page.status_code == 200
    assert "Committee meetings supported" in page.content.decode()
    bad = client.get(
        "/reporting/isu-report/?convention=APMBC&start=2025-12-31&end=2025-01-01"
    )
    assert bad.status_code == 400
    assert "The period cannot end before it starts." in bad.content.decode()


def test_only_the_conventions_staff_may_ask_for_the_report(
    client_for, focal_a, other_staff, apmbc
):
    assert client_for(focal_a).get(f"/reporting/isu-report/?{QUERY}").status_code == 404
    # CCM staff see their own convention only: APMBC is not among the choices.
    response = client_for(other_staff).get(f"/reporting/isu-report/?{QUERY}")
    assert response.status_code == 400
    with pytest.raises(Exception):  # noqa: B017 (PermissionDenied)
        services.isu_report_request(
            convention=apmbc, start=START, end=END, actor=other_staff
        )


def test_a_reversed_period_is_refused_by_the_service(apmbc, isu_staff):
    with pytest.raises(ValidationError):
        services.isu_report_request(
            convention=apmbc, start=END, end=START, actor=isu_staff
        )
