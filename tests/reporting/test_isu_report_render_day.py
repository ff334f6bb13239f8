"""The ISU annual report's PDF is as at the day staff asked for it, also when the
render waits for a worker until a later day: the figures must not move to another
day than the one the page showed."""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from pypdf import PdfReader

from reporting import services
from reporting.documents import isu_report_render, long_date
from reporting.models import IsuReportDocument
from tests.budgets.days import on_day


def test_a_render_days_later_is_as_at_the_day_of_the_request(apmbc, isu_staff):
    year = timezone.localdate().year
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    asked = dt.date(year, 6, 1)  # the period still runs: figures as at that day

    with on_day(asked):
        # Not rendered on commit: the worker is down until three days later.
        document = services.isu_report_request(
            convention=apmbc, start=start, end=end, actor=isu_staff
        )
    with on_day(asked + dt.timedelta(days=3)):
        assert isu_report_render(document_id=document.pk)

    document = IsuReportDocument.objects.get(pk=document.pk)
    with document.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
        text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    day = long_date(asked, "en")
    assert f"as at {day}" in text
    assert day in text.split("Annual reports due")[0]  # generated on that day too
