"""The follow-up board says so when a State's Article 7 reminder was cut off after
the mail server could have accepted it (issue 15): "uncertain — may have been
delivered", then, once sent again, that it may have arrived twice."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from ism.mail import mail_recover_stale, mail_send
from ism.models import OutgoingMail, StateContact
from ism.tasks import outbox_send_pending
from reporting.services.reminders import reminders_send
from tests.budgets.invoice_docs import tasks_in_process  # noqa: F401
from tests.ism.mail_backends import Killed
from tests.reporting.helpers import DUE, party

pytestmark = pytest.mark.usefixtures("tasks_in_process")


def test_the_board_shows_a_reminder_cut_off_after_data(
    client_for, isu_staff, apmbc, django_capture_on_commit_callbacks
):
    state = party(apmbc, name="Cutoffia")
    StateContact.objects.create(
        state=state, convention=apmbc, recipient="M", address="A", emails="c@c.example"
    )
    with django_capture_on_commit_callbacks(execute=False):
        reminders_send(today=DUE)
    row = OutgoingMail.objects.get()
    with (
        override_settings(EMAIL_BACKEND="tests.ism.mail_backends.KilledAfterData"),
        pytest.raises(Killed),
    ):
        mail_send(mail_id=row.pk)
    later = timezone.now() + settings.ISM_MAIL_LEASE + dt.timedelta(minutes=1)
    with time_machine.travel(later):
        mail_recover_stale()

    client = client_for(isu_staff)
    html = client.get("/reporting/board/APMBC/2024/").content.decode()
    assert "due (Uncertain — may have been delivered)" in html

    outbox_send_pending()
    html = client.get("/reporting/board/APMBC/2024/").content.decode()
    assert "due (Sent — an earlier try was cut off and may also have arrived)" in html
