"""ism.formset_rows writes a formset's rows from its empty row: the HTML must be
the row template's, character for character — for rows read from the database
and for posted ones (valid, refused, deleted, added, with values that need
escaping or look like the prefix) — and the budget edit page must write its rows
that way, not with a template and a widget render for each row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django import forms
from django.forms.boundfield import BoundField
from django.template import engines
from django.urls import reverse
from djmoney.money import Money

from budgets.forms import budget_formsets
from budgets.models import (
    Budget,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    InKindSupport,
    Mission,
)
from ism.formset_rows import FormsetRows, TemplateFormSet
from tests.budgets.factories import (
    BudgetLineFactory,
    BudgetNoteFactory,
    MissionFactory,
    StaffPositionFactory,
    budget_with,
)
from tests.budgets.page_forms import add_row, form_data

ROW = "budgets/_row.html"
SECTIONS = ("positions", "lines", "missions", "notes")
ODD = "Ann & <Bob> \"quoted\" 'single' lines-__prefix__ __prefix__"


def rows_both_ways(formset) -> tuple[str, str]:
    """(written by ism.formset_rows, written by the template one row at a time)."""
    context = {"formset": formset, "confirm": "Delete <this>?"}
    ours = engines["django"].from_string(
        '{% load ism_ui %}{% formset_rows formset "' + ROW + '" %}'
    )
    djangos = engines["django"].from_string(
        '{% for form in formset %}{% include "' + ROW + '" %}{% endfor %}'
    )
    return ours.render(context), djangos.render(context)


@pytest.fixture
def budget(apmbc):
    budget = budget_with(lines=2, convention=apmbc, year=2027)
    StaffPositionFactory(budget=budget, title=ODD, grade="", salary=None)
    StaffPositionFactory(budget=budget, fte=Decimal("0.50"), grade="P-4")
    BudgetLineFactory(budget=budget, label=ODD, amount=None, from_missions=True)
    BudgetLineFactory(
        budget=budget,
        category=BudgetLine.Category.TRAVEL,
        amount=Money(Decimal("1234.50"), "CHF"),
        note="<script>alert(1)</script>\nsecond line",
    )
    BudgetLineFactory(budget=budget, note="")
    MissionFactory(budget=budget, purpose=ODD, haul="")
    MissionFactory(budget=budget, haul=Mission.Haul.SHORT)
    BudgetNoteFactory(budget=budget, kind=BudgetNote.Kind.ASSUMPTION, text=ODD)
    InKindSupport.objects.create(budget=budget, provider=ODD, covers="office rent")
    EarmarkedProject.objects.create(
        convention=apmbc,
        name=ODD,
        donor="European Union",
        amount=Money(2700000, "EUR"),
        start_year=2025,
        end_year=2029,
    )
    return Budget.objects.get(pk=budget.pk)


def test_rows_read_from_the_database_are_the_templates(budget):
    for section, formset in budget_formsets(budget).items():
        ours, djangos = rows_both_ways(formset)
        assert ours == djangos, section
        assert djangos.count("data-formset-row") == len(formset.initial), section


def test_posted_rows_are_the_templates(client_for, isu_staff, budget):
    """Valid rows are written from the empty row; a refused row and a deleted
    one go through the template, and must come out the same either way."""
    client = client_for(isu_staff)
    data = form_data(client.get(reverse("budgets:edit", args=[budget.pk])))
    data |= {
        "lines-0-label": f"<i>typed</i> {ODD}",
        "lines-0-from_missions": "on",
        "lines-1-amount": "1,000",
        "lines-2-amount": "-1",  # refused: its row shows the message
        "lines-3-DELETE": "on",
        "lines-4-category": "no such category",
        "positions-0-fte": "half",
        "missions-0-count": "",
        "notes-0-text": "",
    }
    add_row(data, "lines", category="travel", label="Added", amount="12")
    add_row(data, "missions", purpose="Added", count="3", haul="long")
    for section, formset in budget_formsets(budget, data).items():
        assert formset.is_bound
        formset.is_valid()
        ours, djangos = rows_both_ways(formset)
        assert ours == djangos, section
        if section == "lines":
            assert djangos.count("has-error") > 0  # the refused rows
            assert djangos.count("data-formset-row hidden") == 1  # the deleted one


def test_every_section_is_written_from_its_empty_row(budget):
    """If a change to the row template or a widget stops the rows being learnt,
    every row goes back to a template render: this says so."""
    for section, formset in budget_formsets(budget).items():
        assert FormsetRows(formset, one_row).learnt, section


def one_row(form) -> str:
    template = engines["django"].from_string('{% include "' + ROW + '" %}')
    return template.render({"form": form, "confirm": "?"})


def test_the_edit_page_renders_no_widget_per_row(client_for, isu_staff, apmbc):
    """The work of a GET does not grow with the rows: the row template and the
    widgets are rendered as often for 50 rows a section as for 5."""
    client = client_for(isu_staff)
    counts = []
    for year, rows in ((2026, 5), (2027, 50)):
        budget = budget_with(
            lines=rows,
            positions=rows,
            missions=rows,
            notes=rows,
            convention=apmbc,
            year=year,
        )
        with mock.patch.object(
            BoundField, "as_widget", autospec=True, side_effect=BoundField.as_widget
        ) as as_widget:
            response = client.get(reverse("budgets:edit", args=[budget.pk]))
        assert response.status_code == 200
        # Each section's rows and its template row; support in kind and
        # earmarked projects have no rows, only their templates.
        assert response.content.count(b"data-formset-row") == 4 * (rows + 1) + 2
        names = [t.name for t in response.templates]
        counts.append((names.count(ROW), as_widget.call_count))
    assert counts[0] == counts[1]


class AnyRow(forms.Form):
    title = forms.CharField(required=False)
    day = forms.DateField(required=False, widget=forms.DateInput)
    kind = forms.ChoiceField(choices=[("", "—"), ("a", "A & B")], required=False)
    done = forms.BooleanField(required=False)
    text = forms.CharField(required=False, widget=forms.Textarea)


ANY_ROW = engines["django"].from_string(
    "<tr{% if form.errors %} class=err{% endif %}>{% for f in form %}"
    '<td><label for="{{ f.id_for_label }}">{{ f.label }}</label>{{ f }}'
    "{{ f.errors }}</td>{% endfor %}</tr>\n"
)
ANY_INITIAL = [
    {"title": ODD, "day": dt.date(2026, 4, 30), "kind": "a", "done": True},
    {"title": "", "kind": "", "text": ODD},
    {"kind": "gone", "done": False, "text": "\nleading newline"},
]


def any_rows(formset) -> tuple[FormsetRows, str]:
    def render_row(form):
        return ANY_ROW.render({"form": form})

    djangos = "".join(render_row(form) for form in formset)
    return FormsetRows(formset, render_row), djangos


@pytest.mark.parametrize("options", [{}, {"can_delete": True}])
def test_any_formset_is_written_as_its_template_writes_it(options):
    formset_class = forms.formset_factory(
        AnyRow, formset=TemplateFormSet, extra=1, **options
    )
    for formset in (
        formset_class(initial=ANY_INITIAL[:1]),  # an extra row: forms are made
        formset_class(initial=ANY_INITIAL, prefix="rows"),
    ):
        rows, djangos = any_rows(formset)
        assert rows.learnt
        assert rows.html() == djangos


def test_a_formset_whose_rows_differ_from_the_empty_one_goes_to_the_template():
    for options in (
        {"can_order": True},
        {"can_delete": True, "can_delete_extra": False},
    ):
        formset = forms.formset_factory(AnyRow, extra=0, **options)(initial=ANY_INITIAL)
        rows, djangos = any_rows(formset)
        assert not rows.learnt
        assert rows.html() == djangos
