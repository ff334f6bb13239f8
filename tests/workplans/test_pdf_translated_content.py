"""A work plan document in French prints the statements staff translated, and
the original, marked as not yet translated, where no translation was entered
(issue 18)."""

from __future__ import annotations

import pytest

from tests.workplans.test_pdf_document import text_of
from workplans.documents import document_queryset, workplan_pdf_bytes
from workplans.models import Result

FRENCH = "La mise en œuvre de la Convention est facilitée."
NOT_TRANSLATED = "Pas encore traduit"


@pytest.mark.parametrize("layout", ["table", "outline"])
def test_in_french_translations_print_and_the_rest_is_marked(submitted, layout):
    plan, (_area, impact, outcome, *_rest) = submitted
    Result.objects.filter(pk=impact.pk).update(text_fr=FRENCH)
    plan = document_queryset().get(pk=plan.pk)

    french = text_of(workplan_pdf_bytes(plan, layout, "fr"))
    english = text_of(workplan_pdf_bytes(plan, layout, "en"))

    assert FRENCH in french
    assert impact.text not in french
    assert f"{outcome.text}*" in french
    assert NOT_TRANSLATED in french
    assert FRENCH not in english
    assert NOT_TRANSLATED not in english and "*" not in english
