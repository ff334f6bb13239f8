"""A budget document in French shows the lines and notes staff translated, and the
original, marked as not yet translated, where no translation was entered
(issue 18)."""

from budgets.documents import budget_document_queryset, budget_pdf_bytes
from budgets.models import BudgetLine, BudgetNote
from tests.budgets.factories import import_reference, private_media  # noqa: F401
from tests.budgets.test_pdf_document import APMBC, text_of

NOT_TRANSLATED = "Pas encore traduit"


def _flat(pdf: bytes) -> str:
    return " ".join(text_of(pdf).split())


def test_in_french_a_translated_line_reads_in_french_and_the_rest_is_marked(apmbc):
    budget = import_reference(APMBC)
    first, *others = budget.lines.all()
    BudgetLine.objects.filter(pk=first.pk).update(label_fr="Déplacements du personnel")
    budget = budget_document_queryset().get(pk=budget.pk)

    text = _flat(budget_pdf_bytes(budget, "fr"))

    assert "Déplacements du personnel" in text
    assert f"{others[0].label}*" in text
    assert NOT_TRANSLATED in text


def test_fully_translated_content_has_no_marker(apmbc):
    budget = import_reference(APMBC)
    for line in budget.lines.all():
        line.label_fr = f"FR {line.label}"
        line.note_fr = f"FR {line.note}" if line.note else None
        line.save()
    for note in budget.notes.all():
        BudgetNote.objects.filter(pk=note.pk).update(text_fr=f"FR {note.text}")
    budget = budget_document_queryset().get(pk=budget.pk)

    french = _flat(budget_pdf_bytes(budget, "fr"))
    english = _flat(budget_pdf_bytes(budget, "en"))

    assert NOT_TRANSLATED not in french
    assert f"FR {budget.lines.all()[0].label}" in french
    assert "FR " not in english
