"""What the reporting pages share: finding a report the user may work on, the
"today" pages judge by."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from ism.access import can_edit_state_data, can_see_state_data, get_visible_or_404
from reporting import selectors
from reporting.models import Report

logger = logging.getLogger(__name__)


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


def type_of_page(participation, chosen: str | None):
    """The report types the State owes under the convention, and the one the page
    is about (?type=, else the first). A type the State is not party to is a 404:
    it owes no such report."""
    owed = selectors.types_of_state(participation.state, participation.convention)
    if not owed:
        raise Http404("The State owes no report under this convention.")
    if not chosen:
        return owed, owed[0]
    for pair in owed:
        if pair[0].code == chosen:
            return owed, pair
    raise Http404("The State owes no such report.")


def back_to_state(state, convention, report_type):
    url = reverse("reporting:state", args=[state.iso3, convention.code])
    return redirect(f"{url}?{urlencode({'type': report_type.code})}")
