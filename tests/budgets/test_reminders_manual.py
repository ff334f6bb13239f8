"""Staff see which contribution reminders went to whom and when, what is due and
not sent and why, and send one by hand — audited, once per click."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from budgets.contributions.reminders import (
    invoice_reminder_send_manual,
    invoice_reminders_send,
    load_reminder_policies,
)
from budgets.models import InvoiceReminder, ReminderLevel
from ism.audit import history_of
from ism.models import OutgoingMail
from tests.budgets.invoice_docs import (
    contact,
    issued_invoice,
    payment,
    tasks_in_process,  # noqa: F401
)

# No worker runs in the tests: tasks run where they are queued, with REDIS_URL too.
pytestmark = pytest.mark.usefixtures("tasks_in_process")


DUE = dt.date(2026, 3, 31)


@pytest.fixture
def invoice(apmbc, state_a):
    load_reminder_policies()
    contact(apmbc, state_a, "mission@atlantis.example")
    return issued_invoice(apmbc, state_a, issue_date=dt.date(2026, 1, 15), due_date=DUE)


def page_url(convention):
    return reverse("budgets:invoice-reminders", args=[convention.code])


def test_staff_send_a_reminder_by_hand_and_it_is_audited(invoice, isu_staff):
    reminder = invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)

    mail = reminder.mail
    assert mail.key.startswith(f"invoice:{invoice.pk}:manual:")
    assert mail.to == ["mission@atlantis.example"]
    assert "APMBC-2026-0007" in mail.subject
    assert reminder.level is None
    assert reminder.sent_by == isu_staff
    event = history_of(invoice).get()
    assert event.verb == "reminder sent by hand"
    assert event.actor == isu_staff
    assert event.changes["to"] == [None, "mission@atlantis.example"]
    assert mail.subject in event.changes["reminder"][1]


def test_a_double_click_sends_one_mail(invoice, isu_staff):
    invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)

    with pytest.raises(ValidationError, match="a moment ago"):
        invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)

    assert OutgoingMail.objects.count() == 1
    assert history_of(invoice).count() == 1


def test_it_uses_the_wording_of_the_level_asked_for(invoice, isu_staff, apmbc):
    president = ReminderLevel.objects.get(policy__convention=apmbc, offset_days=90)

    reminder = invoice_reminder_send_manual(
        invoice=invoice, actor=isu_staff, level=president
    )

    assert reminder.mail.body.startswith("Excellency,")


def test_a_manual_reminder_does_not_stand_in_for_the_daily_ones(invoice, isu_staff):
    invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)

    assert len(invoice_reminders_send(today=DUE).queued) == 2


@pytest.mark.parametrize("persona", ["focal_a", "other_staff", "auditor"])
def test_only_the_conventions_staff_may_send_one(request, invoice, persona):
    with pytest.raises(PermissionDenied):
        invoice_reminder_send_manual(
            invoice=invoice, actor=request.getfixturevalue(persona)
        )
    assert not OutgoingMail.objects.exists()


def test_nothing_is_sent_for_a_paid_invoice(invoice, isu_staff):
    payment(invoice, "76540.12")

    with pytest.raises(ValidationError, match="Nothing is owed"):
        invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)


def test_without_an_address_staff_are_told_where_to_add_one(apmbc, state_b, isu_staff):
    load_reminder_policies()
    invoice = issued_invoice(apmbc, state_b, sequence=3)

    with pytest.raises(ValidationError, match=r"No e-mail address .* Borduria"):
        invoice_reminder_send_manual(invoice=invoice, actor=isu_staff)


# --- The page -------------------------------------------------------------------------


def test_the_page_lists_what_was_sent_to_whom_and_when(
    client_for, isu_staff, invoice, apmbc, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invoice_reminders_send(today=DUE)

    html = client_for(isu_staff).get(page_url(apmbc)).content.decode()

    assert html.count("mission@atlantis.example") == 2
    assert "APMBC: contribution 2026 due today (APMBC-2026-0007)" in html
    assert "Note verbale (due date)" in html
    assert "Sent" in html
    sent_at = timezone.localtime(OutgoingMail.objects.first().sent_at)
    assert sent_at.strftime("%H:%M") in html


def test_the_page_says_what_is_due_and_cannot_be_sent(
    client_for, isu_staff, apmbc, state_b
):
    load_reminder_policies()
    # Due today, issued 40 days ago: the notes of 30 days before and of the due
    # date are both due (one dated on or before the issue would not be).
    today = timezone.localdate()
    issued_invoice(
        apmbc,
        state_b,
        sequence=3,
        issue_date=today - dt.timedelta(days=40),
        due_date=today,
    )

    html = client_for(isu_staff).get(page_url(apmbc)).content.decode()

    assert "no e-mail address recorded for Borduria" in html


def test_staff_send_one_from_the_page(client_for, isu_staff, invoice, apmbc):
    client = client_for(isu_staff)

    response = client.post(page_url(apmbc), {"invoice": invoice.pk, "level": ""})

    assert response.status_code == 302
    reminder = InvoiceReminder.objects.get()
    assert reminder.sent_by == isu_staff
    assert "queued for mission@atlantis.example" in (
        client.get(response["Location"]).content.decode()
    )


def test_a_form_without_an_invoice_is_refused_with_a_message(
    client_for, isu_staff, invoice, apmbc
):
    response = client_for(isu_staff).post(page_url(apmbc), {"invoice": ""})

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not OutgoingMail.objects.exists()


def test_staff_send_one_from_an_invoice_page_button(client_for, isu_staff, invoice):
    response = client_for(isu_staff).post(
        reverse("budgets:invoice-remind", args=[invoice.pk])
    )

    assert response.status_code == 302
    assert InvoiceReminder.objects.filter(invoice=invoice, level=None).count() == 1


@pytest.mark.parametrize(
    ("persona", "status"),
    [("focal_a", 403), ("other_staff", 403), ("auditor", 200)],
)
def test_who_sees_the_page(request, client_for, invoice, apmbc, persona, status):
    client = client_for(request.getfixturevalue(persona))

    assert client.get(page_url(apmbc)).status_code == status


def test_an_auditor_reads_the_page_but_cannot_send(client_for, auditor, invoice, apmbc):
    client = client_for(auditor)

    assert "Send the reminder" not in client.get(page_url(apmbc)).content.decode()
    assert client.post(page_url(apmbc), {"invoice": invoice.pk}).status_code == 403
    assert not OutgoingMail.objects.exists()
