"""What every report service does the same way: who may change a report, whether
it can still change, locking its row (ism.workflow's lock, shared with budgets and
work plans), and the day it acts on."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ism import workflow
from ism.access import can_edit_state_data
from reporting.models import Report

EARLIEST_YEAR = 1997  # the APMBC was adopted in 1997; no report covers earlier


def require_edit(actor, report: Report) -> None:
    """The State's focal point, or the convention's ISU staff recording a report
    the State sent by other means."""
    if actor is not None and not can_edit_state_data(
        actor, report.state_id, report.convention_id
    ):
        raise PermissionDenied(_("Only the State's focal point may change its report."))


def require_editable(report: Report) -> None:
    if not report.is_editable:
        raise ValidationError(
            {
                "__all__": _(
                    "The report is %(status)s: reopen it for a correction first."
                )
                % {"status": report.get_status_display().lower()}
            }
        )


def lock(report: Report) -> Report:
    """The report's row, locked until the transaction ends (ism.workflow.lock), so
    two submissions (two tabs, a double click) cannot both take version number
    n + 1 or both freeze."""
    return workflow.lock(report, related=("convention", "state", "report_type"))


def edit_begin(report: Report, actor) -> Report:
    """The start of every change to a report's working copy: its row locked, then,
    read under that lock, who may change it and whether it still can. Returns
    the locked report."""
    report = lock(report)
    require_edit(actor, report)
    require_editable(report)
    return report


def local_today() -> dt.date:
    return timezone.localdate()
