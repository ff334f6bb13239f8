"""Staff see a reminder whose send was cut off after the mail server could have
accepted it as "uncertain — may have been delivered", on the reminders page and
in the admin's outbox, until and after it is sent again (issue 15)."""

import datetime as dt

import pytest
from django.urls import reverse

from budgets.contributions.reminders import (
    invoice_reminders_send,
    load_reminder_policies,
)
from ism.models import OutgoingMail
from ism.tasks import outbox_send_pending
from tests.budgets.invoice_docs import (
    contact,
    issued_invoice,
    tasks_in_process,  # noqa: F401
)
from tests.ism.mail_backends import cut_off_after_data

pytestmark = pytest.mark.usefixtures("tasks_in_process")

DUE = dt.date(2026, 3, 31)  # the invoice's due date: the run's "today"
UNCERTAIN = "Uncertain — may have been delivered"
SENT_TWICE = "Sent — an earlier try was cut off and may also have arrived"


@pytest.fixture
def cut_off_reminder(apmbc, state_a, django_capture_on_commit_callbacks):
    """A reminder whose worker was killed after handing it to the server, taken
    back by the sweep once the lease ran out."""
    load_reminder_policies()
    contact(apmbc, state_a, "mission@atlantis.example")
    issued_invoice(apmbc, state_a, due_date=DUE)
    with django_capture_on_commit_callbacks(execute=False):
        invoice_reminders_send(today=DUE)
    row = OutgoingMail.objects.order_by("pk").first()
    cut_off_after_data(row)
    return row


def page(client, convention) -> str:
    url = reverse("budgets:invoice-reminders", args=[convention.code])
    return client.get(url).content.decode()


def test_staff_see_an_uncertain_reminder_and_its_message_id(
    cut_off_reminder, client_for, isu_staff, apmbc
):
    html = page(client_for(isu_staff), apmbc)
    assert UNCERTAIN in html
    assert cut_off_reminder.message_id.strip("<>") in html


def test_staff_see_a_reminder_sent_again_after_an_uncertain_try(
    cut_off_reminder, client_for, isu_staff, apmbc
):
    outbox_send_pending()
    cut_off_reminder.refresh_from_db()
    assert cut_off_reminder.status == OutgoingMail.Status.SENT

    html = page(client_for(isu_staff), apmbc)
    assert SENT_TWICE in html
    assert UNCERTAIN not in html


def test_the_admin_outbox_shows_the_uncertain_mail_and_its_tries(
    cut_off_reminder, client_for, superuser
):
    client = client_for(superuser)
    listing = client.get(reverse("admin:ism_outgoingmail_changelist")).content
    assert UNCERTAIN in listing.decode()
    detail = client.get(
        reverse("admin:ism_outgoingmail_change", args=[cut_off_reminder.pk])
    ).content.decode()
    assert "Cut off while handing it over: may have arrived" in detail
    assert cut_off_reminder.message_id.strip("<>") in detail
