"""Documents of the reporting capability: the PDF of a submitted report version
(from its frozen snapshot, so it shows exactly what was submitted) and the ISU's
annual report (PDF, and HTML that pastes cleanly into Word).

PDFs are rendered by tasks after commit (reporting.tasks) and stored once by
ism.stored_documents: a version's PDF never changes after it is stored, like the
version itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ism import dates
from ism.document_languages import (
    ORIGINAL_LANGUAGE,
    html_lang,
    in_language,
    store_translated,
    text_direction,
    translation_language,
)
from ism.documents import render_pdf
from ism.money import format_amount, format_money
from ism.stored_documents import StoredDocument, row_to_render, store_if_newer
from ism.translated import text_in
from reporting import catalogue, rules
from reporting.models import IsuReportDocument, ReportForm, ReportVersion

VERSION_TEMPLATE = "pdf/report.html"
ISU_REPORT_TEMPLATE = "pdf/annual_report.html"
ISU_REPORT_WORD_TEMPLATE = "pdf/annual_report_word.html"


def long_date(day: dt.date | None, language: str = "en") -> str:
    """30 April 2025 (30 avril 2025): ISM's one date style (ism.dates, the formats
    of ism/formats), in the document's language."""
    return dates.long_date(day, language)


def figure_text(value: str | Decimal | None, kind: str, language: str = "en") -> str:
    """1234 → "1,234"; an area keeps its decimals (12,500.5 m²); None → "—"."""
    if value is None or value == "":
        return "—"
    value = Decimal(value)
    places = 0 if kind == "count" or value == value.to_integral_value() else 2
    text = format_amount(value, language, places=places)
    return f"{text} m²" if kind == "area" else text


# --- A report version ---


def status_text(entry: dict) -> str:
    status = entry["status"]
    if status == ReportForm.Status.UNCHANGED:
        return str(
            translation.gettext("Unchanged since %(year)s")
            % {"year": entry["unchanged_since"]}
        )
    return str(ReportForm.Status(status).label) if status else ""


def version_context(version: ReportVersion, language: str = "en") -> dict:
    """What the page and the PDF show of a frozen version: the snapshot, formatted."""
    snapshot = version.snapshot
    report = version.report
    forms = []
    for entry in snapshot["forms"]:
        # Versions frozen before report types name their convention's form set.
        form_set = snapshot.get("form_set", snapshot["convention"])
        spec = catalogue.form_spec(form_set, entry["code"])
        forms.append(
            {
                "code": entry["code"],
                "label": spec.label if spec else entry["code"],
                "title": str(spec.title) if spec else entry["title"],
                "status": entry["status"],
                "status_text": status_text(entry),
                "text": entry["text"],
                "figures": [
                    {
                        "label": figure["label"],
                        "value": figure_text(figure["value"], figure["kind"], language),
                        "given": figure["value"] is not None,
                    }
                    for figure in entry["figures"]
                ],
                "attachments": entry["attachments"],
                "any_figure": any(f["value"] is not None for f in entry["figures"]),
            }
        )
    due = dt.date.fromisoformat(snapshot["due"]) if snapshot.get("due") else None
    submitted_on = dt.date.fromisoformat(snapshot["submitted_on"])
    first = report.first_submitted_on or submitted_on
    timeliness = (
        rules.timeliness(due=due, submitted_on=first, today=first) if due else ""
    )
    return {
        "version": version,
        "report": report,
        "convention": report.convention,
        # The type's name in the document's language (the original where no
        # translation was entered: a title, not a passage to mark).
        "report_type_name": text_in(report.report_type, "name", language)[0],
        "state_name": snapshot["state"]["name"],
        "kind": snapshot["kind"],
        "year": snapshot["year"],
        "due": due,
        "due_text": long_date(due, language),
        "submitted_text": long_date(submitted_on, language),
        "first_submitted_text": long_date(first, language),
        "published_text": long_date(
            timezone.localdate(version.published_at) if version.published_at else None,
            language,
        ),
        "timeliness": timeliness,
        "timeliness_label": rules.TIMELINESS_LABELS.get(timeliness, ""),
        "forms": forms,
        "illustrative": report.illustrative,
    }


def _versions():
    """Report versions with the rows their document and its file name read."""
    return ReportVersion.objects.select_related(
        "report", "report__convention", "report__state"
    )


def version_pdf_bytes(version: ReportVersion, language: str | None = None) -> bytes:
    language = language or ORIGINAL_LANGUAGE
    with translation.override(language):
        context = version_context(version, language)
    return render_pdf(VERSION_TEMPLATE, context, language=language)


def version_pdf_render(*, version_id: int, language: str | None = None) -> bool:
    """Render and store a version's PDF unless it has one. Safe to run twice and
    concurrently: the file is saved under its own name, and the row takes it only
    if it still has none (a conditional UPDATE); the loser deletes its file. In
    another `language` than English, its version in that language
    (ism.document_languages), stored once the same way."""
    version = row_to_render(_versions(), version_id)
    if version is None:
        return False
    if translation_language(language):
        return store_translated(
            kind="report-version",
            owner_id=version.pk,
            language=language,
            revision=0,  # a version never changes
            filename=version.filename,
            content=lambda: version_pdf_bytes(version, language),
        )
    if version_stored(version).ready:
        return False
    return store_if_newer(
        ReportVersion,
        version_id,
        content=version_pdf_bytes(version),
        path=(
            f"reporting/versions/{version.report_id}/v{version.number}/"
            f"{version.filename}"
        ),
        seen_name=version.pdf.name or "",
        revision_field=None,
    )


def version_stored(
    version: ReportVersion, language: str | None = None
) -> StoredDocument:
    """A version's PDF as its page serves it: current once stored (a version never
    changes), in `language` (default: English)."""
    from reporting.tasks import report_version_render_pdf

    document = _version_own_stored(version)
    task = report_version_render_pdf
    return in_language(document, language, "report-version", version, task)


def _stored_once(row, *, key: str, made_at, task, reload) -> StoredDocument:
    """The PDF of a row that has one, stored once and never replaced (a report
    version, an ISU annual report): current as soon as it is stored. Its render
    is asked for under `key`, the row's id and when it was made (`made_at`)."""
    return StoredDocument(
        storage=row.pdf.storage,
        name=row.pdf.name or "",
        current=True,
        filename=row.filename,
        render_key=f"{key}:{row.pk}:{made_at.timestamp()}",
        render=lambda: task.delay(row.pk),
        reload=reload,
    )


def _version_own_stored(version: ReportVersion) -> StoredDocument:
    from reporting.tasks import report_version_render_pdf

    return _stored_once(
        version,
        key="reporting:version-pdf",
        made_at=version.submitted_at,
        task=report_version_render_pdf,
        reload=lambda: version_stored(_versions().get(pk=version.pk)),
    )


# --- The ISU's annual report ---


def isu_report_context(report, language: str = "en") -> dict:
    """Figures formatted for `language`, shared by the page, the PDF and Word."""

    def money(value, places: int = 2) -> str:
        """To the cent, as the published reports show contributions and funds;
        budget totals in whole units, as budget tables round."""
        if value is None:
            return "—"
        return format_money(value, language, places=places)

    def pct(value: Decimal | None) -> str:
        return "—" if value is None else f"{value}%"

    rates = [
        {
            "rate": rate,
            "due_text": long_date(rate.due, language),
            "on_time_pct": pct(rate.on_time_pct),
            "late_pct": pct(rate.late_pct),
            "missing_pct": pct(rate.missing_pct),
            "submitted_pct": pct(rate.submitted_pct),
        }
        for rate in report.reporting.rates
    ]
    funds = [
        {
            "name": row.name,
            "balance": money(row.balance),
            "target": money(row.target) if row.target is not None else "—",
            "coverage": "—"
            if row.coverage is None
            else f"{(row.coverage * 100).quantize(Decimal('0.1'))}%",
        }
        for row in report.finance.funds
    ]
    budgets = [
        {"year": row.year, "title": row.title, "total": money(row.total, places=0)}
        for row in report.finance.budgets
    ]
    contributions = [
        {
            "year": row.year,
            "assessed": money(row.assessed),
            "received": money(row.received),
            "outstanding": money(row.outstanding),
            "received_pct": pct(row.received_pct),
            "arrears": money(row.arrears),
        }
        for row in report.finance.contributions
    ]
    return {
        "report": report,
        "convention": report.convention,
        "period": report.period_label,
        "as_of_text": long_date(report.as_of, language),
        "finance_as_of_text": long_date(report.finance.as_of, language),
        "start_text": long_date(report.start, language),
        "end_text": long_date(report.end, language),
        "rates": rates,
        "funds": funds,
        "budgets": budgets,
        "contributions": contributions,
        "generated_text": long_date(report.today, language),
    }


def isu_report_word_html(report, language: str = "en") -> str:
    """The report as simple semantic markup (headings, paragraphs, bordered
    tables): what the Word file is made from."""
    with translation.override(language):
        return render_to_string(
            ISU_REPORT_WORD_TEMPLATE,
            {
                **isu_report_context(report, language),
                "language": language,
                "html_lang": html_lang(language),
                "text_direction": text_direction(language),
            },
        )


def isu_report_docx(report, language: str = "en") -> bytes:
    """The report as a Word document (.docx), with the ISU as its author."""
    from ism.documents import document_author
    from ism.word import html_to_docx

    with translation.override(language):
        author = document_author({"convention": report.convention})
    return html_to_docx(
        isu_report_word_html(report, language), author=author, language=language
    )


def isu_report_pdf_bytes(report, language: str = "en") -> bytes:
    with translation.override(language):
        context = isu_report_context(report, language)
    return render_pdf(ISU_REPORT_TEMPLATE, context, language=language)


def isu_report_render(*, document_id: int, today: dt.date | None = None) -> bool:
    """Build the report from ISM's records and store its PDF, unless stored."""
    from reporting.isu_report import build_isu_report

    documents = IsuReportDocument.objects.select_related("convention", "requested_by")
    document = row_to_render(documents, document_id)
    if document is None:
        return False
    if isu_report_stored(document).ready:
        return False
    report = build_isu_report(
        convention=document.convention,
        start=document.period_start,
        end=document.period_end,
        finance_as_of=document.finance_as_of,
        user=document.requested_by,
        # As at the day it was asked for, what staff saw on the page: a render
        # that waited for a worker must not move the figures to another day.
        today=today or timezone.localdate(document.requested_at),
    )
    return store_if_newer(
        IsuReportDocument,
        document_id,
        content=isu_report_pdf_bytes(report, document.language),
        path=f"reporting/isu-reports/{document.pk}/{document.filename}",
        seen_name=document.pdf.name or "",
        revision_field=None,
        also=lambda: {"rendered_at": timezone.now()},
    )


def isu_report_stored(document: IsuReportDocument) -> StoredDocument:
    """The ISU annual report's PDF, stored once for the period asked for."""
    from reporting.tasks import isu_report_render_pdf

    documents = IsuReportDocument.objects.select_related("convention")
    return _stored_once(
        document,
        key="reporting:isu-report",
        made_at=document.requested_at,
        task=isu_report_render_pdf,
        reload=lambda: isu_report_stored(documents.get(pk=document.pk)),
    )
