"""Accounts: whose address a request comes from, and a password reset that
neither floods a mailbox nor tells which addresses have an account.

The client's address is one rule (`client_address`) for the log-in lock-out
(django-axes' AXES_CLIENT_IP_CALLABLE), the password-reset throttle and, with the
same number of proxies, the API's throttles: X-Forwarded-For is believed through
exactly `settings.NUM_PROXIES` proxies in front of ISM (ISM_NUM_PROXIES; 0, the
default without ISM_BEHIND_PROXY, means the peer's own address and a forged
header changes nothing). It reads the header as Django REST framework does.

A reset request is counted per address asked for and per client, whether or not
the address has an account, so the throttle says nothing about who exists; over
either limit the answer is a 429 page and no mail. The mail itself goes through
the outbox (ism.mail) after the response's transaction commits, so a known
address is not answered measurably slower than an unknown one.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.shortcuts import render
from django.template import loader

from ism.mail import mail_enqueue

RESET_WINDOW_SECONDS = 60 * 60
# The counters' names in the cache: "<prefix>:address:<hash>", "<prefix>:client:…".
COUNTER_PREFIX = "reset"


def client_address(request) -> str:
    """The client's IP address, through settings.NUM_PROXIES trusted proxies."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not proxies or not forwarded:
        return remote
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    if not addresses:
        return remote
    # The last proxy appended the address it saw; `proxies` from the right is the
    # one the first trusted proxy saw, i.e. the client.
    return addresses[-min(proxies, len(addresses))]


def _over_limit(kind: str, value: str, limit: int) -> bool:
    """Count one more request for `value`; True once the hour's limit is passed."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"{COUNTER_PREFIX}:{kind}:{digest}"
    cache.add(key, 0, RESET_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RESET_WINDOW_SECONDS)
        count = 1
    return count > limit


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, its mail queued in the outbox instead of sent."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        subject = "".join(subject.splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail_enqueue(
            key=f"password-reset:{uuid.uuid4()}",
            to=[to_email],
            subject=subject,
            body=body,
        )


class ThrottledPasswordResetView(PasswordResetView):
    form_class = OutboxPasswordResetForm

    def form_valid(self, form):
        email = form.cleaned_data["email"].strip().lower()
        per_address = _over_limit(
            "address", email, settings.ISM_RESET_LIMIT_PER_ADDRESS
        )
        per_client = _over_limit(
            "client", client_address(self.request), settings.ISM_RESET_LIMIT_PER_CLIENT
        )
        if per_address or per_client:
            return render(
                self.request,
                "registration/password_reset_throttled.html",
                {"hours": RESET_WINDOW_SECONDS // 3600},
                status=429,
            )
        return super().form_valid(form)
