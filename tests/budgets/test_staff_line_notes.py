"""The note a published budget prints beside a staff-cost line (CCM 2024, beside
social security: "estimate (20% of salaries), depends on staff age ...") stays on
that line: imported onto it, printed beside it in the document, not turned into
a budget note."""

from budgets.documents import budget_document_queryset, budget_pdf_bytes
from tests.budgets.factories import (  # noqa: F401
    import_reference,
    private_media,
    published_line,
    reference,
)
from tests.budgets.test_pdf_status_mark import pages_text

CCM = "ccm-2024-budget.json"


def staff_note(data, label) -> str:
    return published_line(data, label)["note"]


def test_the_import_keeps_each_staff_lines_note_on_its_line(ccm):
    data = reference(CCM)
    budget = import_reference(CCM)
    assert budget.social_security_note == staff_note(data, "Social security")
    assert budget.salaries_note == staff_note(data, "Salaries")
    assert not any(
        note.text.startswith(("Social security:", "Salaries:"))
        for note in budget.notes.all()
    )


def test_the_document_prints_the_note_beside_social_security(ccm):
    data = reference(CCM)
    budget = budget_document_queryset().get(pk=import_reference(CCM).pk)
    text = " ".join(" ".join(pages_text(budget_pdf_bytes(budget, "en"))).split())
    note = " ".join(staff_note(data, "Social security").split())
    # On the social security line, after its amount (69,621).
    assert f"Social security 69,621 {note[:40]}" in text
