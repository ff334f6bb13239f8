"""Saving the budget page keeps each line's translations, which the page does not
edit; the page links to the translations page and counts what is missing
(issue 18)."""

from djmoney.money import Money

from budgets.models import BudgetLine
from tests.budgets.page_forms import row_index
from tests.budgets.test_views_edit_saves import budget, page  # noqa: F401


def test_changing_a_lines_amount_keeps_its_translation(page, budget):  # noqa: F811
    client, url, data = page
    line = budget.lines.get(label="Staff travel")
    BudgetLine.objects.filter(pk=line.pk).update(label_fr="Voyages du personnel")
    data[f"lines-{row_index(data, 'lines', 'label', 'Staff travel')}-amount"] = "52,000"

    response = client.post(url, data)

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.amount == Money(52000, "CHF")
    assert line.label_fr == "Voyages du personnel"


def test_the_edit_page_counts_the_lines_each_language_lacks(page, budget):  # noqa: F811
    client, url, _data = page
    line = budget.lines.get(label="Staff travel")
    BudgetLine.objects.filter(pk=line.pk).update(
        label_fr="Voyages du personnel", note_fr="Missions"
    )
    items = budget.lines.count() + budget.notes.count()

    text = client.get(url).content.decode()

    assert f'href="/budgets/{budget.pk}/translations/"' in text
    assert f"French ({items - 1})" in text
    assert f"Spanish ({items})" in text
