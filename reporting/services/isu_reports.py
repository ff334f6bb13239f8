"""Asking for the ISU's annual report as a PDF: a row to keep the document, and a
render by a worker after commit (WeasyPrint never runs in a web request)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.access import require_manage
from ism.audit import actor_or_none, create_and_record
from ism.models import Convention
from reporting.models import IsuReportDocument


@transaction.atomic
def isu_report_request(
    *,
    convention: Convention,
    start: dt.date,
    end: dt.date,
    language: str = "en",
    finance_as_of: dt.date | None = None,
    actor,
) -> IsuReportDocument:
    """A fresh rendering of the report for the period: the records may have changed
    since the last one, so every request renders anew."""
    if actor is not None:
        require_manage(actor, convention)
    if end < start:
        raise ValidationError({"end": _("The period cannot end before it starts.")})
    if (end - start).days > 366 * 5:
        raise ValidationError({"end": _("Choose a period of at most five years.")})
    document = create_and_record(
        IsuReportDocument,
        actor=actor,
        verb="ISU annual report requested",
        changes={"period": [None, f"{start.isoformat()}–{end.isoformat()}"]},
        convention=convention,
        period_start=start,
        period_end=end,
        finance_as_of=finance_as_of,
        language=language,
        requested_by=actor_or_none(actor),
    )
    transaction.on_commit(lambda: _queue(document.pk))
    return document


def _queue(document_id: int) -> None:
    from reporting.tasks import isu_report_render_pdf

    isu_report_render_pdf.delay(document_id)
