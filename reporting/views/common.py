"""What the reporting pages share: finding a report the user may work on, the
"today" pages judge by, and the pending page of a document being rendered."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from ism.access import can_edit_state_data, can_see_state_data, get_visible_or_404
from reporting import selectors
from reporting.models import Report

logger = logging.getLogger(__name__)

# The pending page of a document asks again this often (seconds).
POLL_SECONDS = 2
RENDER_REQUEST_TTL = 60


def today() -> dt.date:
    return timezone.localdate()


def working_copy_or_404(request, pk: int) -> Report:
    """A report whose working copy the user may read: its State's focal points, the
    convention's staff and auditors. Anyone else gets a 404 — even for a
    published report, whose working copy is not public (its published version
    is, on its own page)."""
    report = get_visible_or_404(
        request.user, selectors.report_detail_queryset(user=request.user), pk=pk
    )
    if not can_see_state_data(request.user, report.state, report.convention):
        raise Http404("No such report.")
    return report


def editable_report_or_404(request, pk: int) -> Report:
    """As working_copy_or_404, and the user may change it (403 for auditors)."""
    report = working_copy_or_404(request, pk)
    if not can_edit_state_data(request.user, report.state, report.convention):
        raise PermissionDenied("Only the State's focal point may change its report.")
    return report


def queue_once(cache_key: str, send) -> bool:
    """Queue a render unless it was queued within the last minute: a page left
    open polls every two seconds and must not queue one each time."""
    if not cache.add(cache_key, True, RENDER_REQUEST_TTL):
        return False
    try:
        send()
    except (BrokerError, OSError):
        logger.exception("could not queue %s", cache_key)
        cache.delete(cache_key)
        return False
    return True
