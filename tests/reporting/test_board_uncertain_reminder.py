"""The follow-up board says so when a State's Article 7 reminder was cut off after
the mail server could have accepted it (issue 15): "uncertain — may have been
delivered", then, once sent again, that it may have arrived twice."""

import pytest

from ism.models import OutgoingMail, StateContact
from ism.tasks import outbox_send_pending
from reporting.services.reminders import reminders_send
from tests.budgets.invoice_docs import tasks_in_process  # noqa: F401
from tests.ism.mail_backends import cut_off_after_data
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
    cut_off_after_data(row)

    client = client_for(isu_staff)
    html = client.get("/reporting/board/APMBC/2024/").content.decode()
    assert "due (Uncertain — may have been delivered)" in html

    outbox_send_pending()
    html = client.get("/reporting/board/APMBC/2024/").content.decode()
    assert "due (Sent — an earlier try was cut off and may also have arrived)" in html
