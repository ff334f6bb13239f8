"""Mail backends that fail the way a real send can, for the outbox's tests.

`Killed` stands for SIGKILL: ISM catches no BaseException, so the outbox row and
its try stay exactly as a killed worker process leaves them."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone

from ism.mail import mail_recover_stale, mail_send


class Killed(BaseException):
    """The worker process died here."""


class KilledWhileConnecting(BaseEmailBackend):
    """The process dies before the server has seen the message."""

    def open(self):
        raise Killed

    def send_messages(self, messages):  # pragma: no cover - never reached
        raise AssertionError("killed while connecting")


class KilledAfterData(BaseEmailBackend):
    """The server accepts the message; the process dies before hearing so."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise Killed


class DroppedAfterData(BaseEmailBackend):
    """The server accepts the message; the connection drops before its answer."""

    def send_messages(self, messages):
        mail.outbox.extend(messages)
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class RecipientRefused(BaseEmailBackend):
    """The server answers no: nothing is delivered."""

    def send_messages(self, messages):
        refused = {address: (550, b"No such user") for address in messages[0].to}
        raise smtplib.SMTPRecipientsRefused(refused)


def cut_off_after_data(row) -> None:
    """Kill `row`'s try after the server accepted the message, then let the sweep
    take the row back on the one clock moved past the lease: the row is left
    "uncertain — may have been delivered"."""
    with (
        override_settings(EMAIL_BACKEND=f"{__name__}.KilledAfterData"),
        pytest.raises(Killed),
    ):
        mail_send(mail_id=row.pk)
    later = timezone.now() + settings.ISM_MAIL_LEASE + dt.timedelta(minutes=1)
    with time_machine.travel(later):
        assert mail_recover_stale() == [row.pk]
