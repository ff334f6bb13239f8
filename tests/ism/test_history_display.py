"""History tables read as sentences, not as a database log (issue 19): field
labels instead of field names, money with its currency and grouped as the page
groups it, dates in ISM's one style, "—" for nothing; a row of a budget section
is a sentence; a report's figure goes by its label in the catalogue. One display
function (ism.history.entries) behind every history table (ism/_history.html)."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.dates import format_date
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from djmoney.money import Money

from budgets.services import budget_import, budget_save
from ism.audit import audit_record, history_of
from ism.concurrency import LATEST
from ism.history import EMPTY, entries
from ism.money import format_amount
from reporting import services as reporting_services
from tests.budgets.contrib import issue_invoice, pay
from tests.reporting.helpers import form_of, open_report

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def text_of(html: str) -> str:
    """The words a reader sees: tags out, spaces as one."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def history_html(obj) -> str:
    return render_to_string("ism/_history.html", {"history": history_of(obj)})


def record(obj, changes: dict, *, verb="edited", actor=None):
    with transaction.atomic():
        return audit_record(actor=actor, verb=verb, obj=obj, changes=changes)


@pytest.fixture
def budget(apmbc):
    data = json.loads((REFERENCE / "apmbc-2026-budget.json").read_text())
    imported, _ = budget_import(data=data)
    return imported


# --- The three examples of the issue ----------------------------------------------


def test_a_cleared_total_reads_with_its_label_currency_and_a_dash(budget):
    record(budget, {"salaries_total": ["568386.00", None]})

    shown = text_of(history_html(budget))

    assert "Salaries (published total): CHF 568,386 → —" in shown
    assert "salaries_total" not in shown
    assert "None" not in shown


def test_a_positions_salary_is_a_sentence(budget):
    title = "Implementation Support Officer #2"
    record(budget, {f"positions.{title}.salary": ["118386.00", "120000.00"]})

    shown = text_of(history_html(budget))

    assert (
        f"Annual salary cost of {title} changed from CHF 118,386 to CHF 120,000"
        in shown
    )
    assert "positions." not in shown


def test_a_report_figure_goes_by_its_label(apmbc, state_a, focal_a):
    report = open_report(state_a, apmbc, actor=focal_a)
    form = form_of(report, "G")
    for value in ("120", "1400"):
        form = form_of(report, "G")
        form.report = report
        reporting_services.report_form_save(
            version=LATEST,
            form=form,
            status="changed",
            figures={"mines_destroyed_clearance": Decimal(value)},
            actor=focal_a,
        )

    shown = text_of(history_html(report))

    assert "Mines destroyed in clearance: 120 → 1,400" in shown
    assert "figure:" not in shown
    assert "Status: Changed" in shown  # the form's status, by its label


def english_long(day: dt.date) -> str:
    """ "3 February 2027", written without ISM's format modules."""
    return format_date(day, "d MMMM y", locale="en")


def test_a_focal_point_reads_their_invoice_history_in_words(
    client_for, focal_a, apmbc, state_a
):
    # Dates from today's: the suite runs on other days too.
    today = timezone.localdate()
    issued, due = today - dt.timedelta(days=40), today - dt.timedelta(days=10)
    paid_on = today - dt.timedelta(days=5)
    invoice = issue_invoice(
        apmbc, state_a, "15175.53", year=issued.year, issue_date=issued, due_date=due
    )
    pay(invoice, "15175.53", date=paid_on, reference="REF-1")

    page = client_for(focal_a).get(reverse("budgets:invoice-detail", args=[invoice.pk]))
    history = page.content.decode().split('id="history-title"')[1]
    shown = text_of(history)

    assert "Amount: CHF 15,175.53" in shown
    assert f"Due date: {english_long(due)}" in shown
    assert f"Payment: {english_long(paid_on)} CHF 15,175.53 (REF-1)" in shown
    assert "Applied to the invoice: CHF 15,175.53" in shown
    # Issued or overdue before, depending on the day the suite runs; paid after.
    assert re.search(r"Status: (Issued|Overdue) → Paid", shown)
    for raw in ("amount:", "due_date", due.isoformat(), "15175.53", "→ paid"):
        assert raw not in shown


# --- Rows of a section, the record itself ------------------------------------------


def test_a_real_save_reads_as_sentences_and_the_record_stays_raw(budget, isu_staff):
    from tests.budgets.test_budget_save_history import document

    doc = document(budget)
    doc["positions"][2]["salary"] = Money(Decimal("120000"), "CHF")
    doc["positions"][2]["fte"] = Decimal("0.8")
    budget_save(version=LATEST, budget=budget, actor=isu_staff, **doc)

    event = history_of(budget).first()
    # The audit trail keeps what the service wrote; only its display changes.
    assert event.changes["positions.Implementation Support Officer #2.fte"] == [
        "1",
        "0.8",
    ]
    said = [str(c) for c in entries([event])[0].changes]
    assert "FTE of Implementation Support Officer #2 changed from 1 to 0.8" in said
    assert (
        "Annual salary cost of Implementation Support Officer #2 set to CHF 120,000"
        in said
    )


def test_a_row_added_or_removed_whole_is_one_line(budget):
    record(
        budget,
        {
            "lines.Website.category": [None, "communications"],
            "lines.Website.label": [None, "Website"],
            "lines.Website.amount": [None, "8000.00"],
            "positions.Director.title": ["Director", None],
            "positions.Director.fte": ["1", None],
            "lines.order": [["Staff travel", "Website"], ["Website", "Staff travel"]],
        },
    )

    said = [str(c) for c in entries(history_of(budget)[:1])[0].changes]

    # In the order the database gives the keys (PostgreSQL's jsonb sorts them).
    assert sorted(said) == [
        "Budget line Website added: category Communications; amount CHF 8,000",
        "Order of budget lines: Staff travel, Website → Website, Staff travel",
        "Staff position Director removed: FTE 1",
    ]


def test_nothing_is_a_dash_and_unknown_keys_are_words(budget):
    record(budget, {"copied from": [None, "CCM ISU budget 2024"], "title": ["", "T"]})

    changes = entries(history_of(budget)[:1])[0].changes

    assert sorted((c.label, c.old, c.new) for c in changes) == [
        ("Copied from", EMPTY, "CCM ISU budget 2024"),
        ("Title", EMPTY, "T"),
    ]


def test_dates_and_money_follow_the_pages_language(apmbc, state_a):
    due = timezone.localdate() + dt.timedelta(days=30)
    invoice = issue_invoice(apmbc, state_a, "15175.53", year=due.year, due_date=due)

    with translation.override("fr"):
        shown = html.unescape(text_of(history_html(invoice)))

    # Written independently of ISM's formats: Babel's French month names; the
    # label from the French catalogue.
    with translation.override("fr"):
        label = translation.gettext("due date").capitalize()
    assert label != "Due date"
    assert f"{label}: {format_date(due, 'd MMMM y', locale='fr')}" in shown
    # Grouped as the French pages group it (ism.money: 15’175,53).
    assert f"CHF {format_amount(Decimal('15175.53'), 'fr', places=2)}" in shown


def test_the_admin_shows_an_events_changes_in_words(client_for, superuser, apmbc):
    from django.db import transaction

    from ism.audit import audit_record
    from ism.models import AuditEvent

    with transaction.atomic():
        audit_record(
            actor=superuser,
            verb="settings changed",
            obj=apmbc,
            changes={"assessment_floor": ["0.001", "0.002"], "short_name": ["A", "B"]},
        )
    event = AuditEvent.objects.get(verb="settings changed")
    page = client_for(superuser).get(f"/admin/ism/auditevent/{event.pk}/change/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "What changed" in text
    assert "Short name: A → B" in text
