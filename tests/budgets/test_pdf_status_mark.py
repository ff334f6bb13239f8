"""A budget document that has not gone to the States says on every page that it
is a draft, and where it stands; a circulated or adopted one does not."""

import subprocess
import tempfile
from pathlib import Path

from djmoney.money import Money
from pypdf import PdfReader

from budgets.documents import budget_document_queryset, budget_pdf_bytes
from budgets.models import Budget, BudgetLine
from tests.budgets.factories import import_reference, private_media  # noqa: F401

CCM = "ccm-2024-budget.json"


def pages_text(pdf: bytes) -> list[str]:
    """Each page's text as pdftotext (poppler) reads it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "budget.pdf"
        path.write_bytes(pdf)
        count = len(PdfReader(path).pages)
        return [
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            for n in range(1, count + 1)
        ]


def long_budget(status) -> Budget:
    budget = import_reference(CCM)
    BudgetLine.objects.bulk_create(
        BudgetLine(
            budget=budget,
            order=100 + n,
            category=BudgetLine.Category.OTHER,
            label=f"Workshop {n}",
            amount=Money(1000, "CHF"),
            note="Room rental, interpretation and catering for a regional workshop.",
        )
        for n in range(80)
    )
    Budget.objects.filter(pk=budget.pk).update(status=status)
    return budget_document_queryset().get(pk=budget.pk)


def test_a_submitted_budget_says_so_on_every_page(ccm):
    pages = pages_text(budget_pdf_bytes(long_budget(Budget.Status.SUBMITTED), "en"))
    assert len(pages) > 2
    for text in pages:
        assert "DRAFT — Submitted to the Coordinating Committee" in " ".join(
            text.split()
        )


def test_an_adopted_budget_carries_no_draft_mark(ccm):
    pages = pages_text(budget_pdf_bytes(long_budget(Budget.Status.ADOPTED), "en"))
    assert len(pages) > 2
    assert not any("DRAFT" in text for text in pages)
