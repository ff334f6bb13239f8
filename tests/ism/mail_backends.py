"""Mail backends that fail the way a real send can, for the outbox's tests.

`Killed` stands for SIGKILL: ISM catches no BaseException, so the outbox row and
its try stay exactly as a killed worker process leaves them."""

from __future__ import annotations

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


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
