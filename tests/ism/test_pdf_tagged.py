"""Every kind of document ISM renders is a tagged PDF (a structure tree a screen
reader follows) with its metadata set: title, the ISU as author, the kind of
document as subject, its language and when it was rendered. Read back with
poppler's `pdfinfo`, a reader ISM did not write, and with pypdf for the language
(pdfinfo does not print it)."""

import datetime as dt
import io
import shutil
import subprocess

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation

from budgets.contributions.documents import invoice_pdf_bytes, statement_pdf_bytes
from budgets.contributions.statements import state_ledger
from budgets.documents import budget_pdf_bytes
from budgets.models import Budget, Invoice
from meetings.exports import participants_pdf
from meetings.models import Meeting
from reporting.documents import isu_report_pdf_bytes, version_pdf_bytes
from reporting.isu_report import build_isu_report
from reporting.models import ReportVersion
from workplans.documents import document_queryset as workplan_document_queryset
from workplans.documents import workplan_pdf_bytes

pytestmark = pytest.mark.usefixtures("demo")


def pdfinfo(pdf: bytes) -> dict[str, str]:
    assert shutil.which("pdfinfo"), "poppler-utils is missing (.ci/system-deps)"
    out = subprocess.run(
        ["pdfinfo", "-isodates", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition(":") for line in out.splitlines())
    }


def language_of(pdf: bytes) -> str:
    return str(pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"])


def isu(convention, language: str = "en") -> str:
    """The ISU as the document names it, in the document's language (the
    catalogue's words; English is written out, as a check on the catalogue)."""
    if language == "en":
        return f"{convention.code} Implementation Support Unit"
    with translation.override(language):
        named = translation.gettext("%(code)s Implementation Support Unit")
    assert "Implementation Support Unit" not in named  # translated
    return named % {"code": convention.code}


def first_invoice() -> Invoice:
    return Invoice.objects.exclude(number="").order_by("pk").first()


def letterhead(issuer: str, convention) -> str:
    """The first line of the ISU's letterhead, or its name where it has none."""
    lines = [line.rstrip() for line in issuer.splitlines() if line.strip()]
    return lines[0] if lines else isu(convention)


def budget_pdf(language):
    budget = Budget.objects.select_related("convention").first()
    pdf = budget_pdf_bytes(budget, language)
    with translation.override(language):  # the subject in the document's language
        subject = translation.gettext("ISU budget")
    assert (subject == "ISU budget") == (language == "en")
    return pdf, subject, language, isu(budget.convention, language)


def invoice_pdf():
    invoice = first_invoice()
    author = letterhead(invoice.issuer, invoice.convention)
    return invoice_pdf_bytes(invoice), "Assessment notice", invoice.language, author


def statement_pdf():
    invoice = first_invoice()
    ledger = state_ledger(convention=invoice.convention, state=invoice.state)
    author = letterhead(ledger.issuer, invoice.convention)
    return statement_pdf_bytes(ledger), "Statement of account", "en", author


def workplan_pdf(layout):
    # As the render task reads it (the tree prefetched: workplans.documents).
    plan = workplan_document_queryset().select_related("convention").first()
    pdf = workplan_pdf_bytes(plan, layout, "en")
    return pdf, "Work plan", "en", isu(plan.convention)


def report_pdf():
    version = ReportVersion.objects.select_related("report__convention").first()
    pdf = version_pdf_bytes(version, "en")
    return pdf, "Transparency report", "en", isu(version.report.convention)


def isu_report_pdf():
    convention = Budget.objects.select_related("convention").first().convention
    staff = get_user_model().objects.filter(role_assignments__role="isu_staff").first()
    today = timezone.localdate()
    report = build_isu_report(
        convention=convention,
        start=today.replace(month=1, day=1),
        end=today.replace(month=12, day=31),
        user=staff,
        today=today,
    )
    return isu_report_pdf_bytes(report), "ISU annual report", "en", isu(convention)


def participants_list_pdf():
    meeting = Meeting.objects.select_related("convention").first()
    pdf = participants_pdf(meeting)
    return pdf, "List of participants", "en", isu(meeting.convention)


DOCUMENTS = {
    "budget": lambda: budget_pdf("en"),
    "budget in Chinese": lambda: budget_pdf("zh-hans"),
    "invoice": invoice_pdf,
    "statement": statement_pdf,
    "work plan (table)": lambda: workplan_pdf("table"),
    "work plan (outline)": lambda: workplan_pdf("outline"),
    "transparency report": report_pdf,
    "ISU annual report": isu_report_pdf,
    "list of participants": participants_list_pdf,
}


@pytest.mark.parametrize("kind", DOCUMENTS)
def test_each_document_is_tagged_and_says_what_it_is(kind):
    before = timezone.now().replace(microsecond=0)
    pdf, subject, language, author = DOCUMENTS[kind]()
    info = pdfinfo(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"], "the PDF has no title"
    assert info["Author"] == author
    assert info["Subject"] == subject
    created = dt.datetime.fromisoformat(info["CreationDate"])
    assert before <= created <= timezone.now()
    assert language_of(pdf).lower() == language.lower()
