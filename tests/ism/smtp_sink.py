"""A local SMTP server (aiosmtpd) that keeps every message it accepts and, when
told, stalls one session at a chosen point — answering EHLO, or after the whole
message has arrived but before saying it is accepted — so that a test can kill
the sending worker exactly there."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes

# How long a stalled session waits before answering after all: longer than any
# test waits to kill the worker.
STALL_SECONDS = 60


@dataclass(frozen=True)
class Delivery:
    to: str
    message_id: str
    subject: str


class SinkHandler:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.deliveries: list[Delivery] = []
        self._stall_at: str | None = None
        self._let_through = 0
        self.stalled = threading.Event()
        self.stalled_on: Delivery | None = None

    def stall(self, at: str, *, after: int) -> None:
        """Stall the session at `at` ("EHLO" or "DATA") once `after` more sessions
        have passed that point."""
        with self._lock:
            self._stall_at, self._let_through = at, after
            self.stalled.clear()

    def stop_stalling(self) -> None:
        with self._lock:
            self._stall_at = None

    def _stalls_here(self, at: str) -> bool:
        with self._lock:
            if self._stall_at != at:
                return False
            if self._let_through > 0:
                self._let_through -= 1
                return False
            self._stall_at = None
            return True

    async def _stall(self) -> None:
        self.stalled.set()
        # Cancelled when the killed client's connection drops.
        await asyncio.sleep(STALL_SECONDS)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        if self._stalls_here("EHLO"):
            await self._stall()
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        received = [
            Delivery(to, message["Message-ID"], message["Subject"])
            for to in envelope.rcpt_tos
        ]
        with self._lock:
            self.deliveries.extend(received)
        if self._stalls_here("DATA"):
            self.stalled_on = received[0]
            await self._stall()
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self._lock:
            return len(self.deliveries)

    def by_recipient(self) -> dict[str, Counter]:
        """{address: Counter(Message-ID)}: what each recipient received."""
        with self._lock:
            deliveries = list(self.deliveries)
        out: dict[str, Counter] = {}
        for delivery in deliveries:
            out.setdefault(delivery.to, Counter())[delivery.message_id] += 1
        return out


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
