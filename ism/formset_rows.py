"""The rows of a formset written from its empty row, for pages with hundreds of
rows (the budget edit page at 200 lines: ~1,300 widgets).

Why: each row through its template is an include, a loop over the fields, a
BoundField, a widget context and its attributes escaped and translated again
for every cell — most of that page's time (issue 20), though every row but the
values is the same HTML.

How: the row template (e.g. templates/budgets/_row.html) is rendered once, for
the formset's empty form — the row the page's JavaScript clones for "Add". A row
that differs from it only in its prefix and its values is that HTML with the
empty form's prefix ("lines-__prefix__") replaced by the row's ("lines-3") and
each widget's HTML replaced by the row's own. That is written from the row's
value into the widget's HTML, learnt by rendering the empty form's widget
through Django with sample values: a text input or textarea with a hole where
the value goes, any other widget (a select, a checkbox) once per value it
shows. So the row template may differ from row to row only in its prefix, its
widgets, and what it writes for errors and deleted rows: a row with errors
(their messages, aria-invalid) or marked for deletion (hidden) goes through the
template as before, and so does every row when a widget of the empty form is
not in its HTML exactly once, and a value no sample can stand for. Like the
page's JavaScript, this takes it that no label or choice of the empty row
contains its prefix. tests/ism/test_formset_rows.py holds the rows written here
to the template's, character for character.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from django import forms
from django.forms.boundfield import BoundField
from django.forms.widgets import Input
from django.utils.html import conditional_escape

from ism.form_renderer import written_value

# A value with no character HTML escapes, to find where a value is written.
_MARK = "ismformsetrowsvalue"
# Values a select or checkbox is written for once and reused: plain, hashable,
# and equal only when they are written the same (1 == True, so the type counts);
# and the members of an enumeration (TextChoices).
_SHOWN_ONCE = (str, bool, int, type(None))


class TemplateFormSet(forms.BaseFormSet):
    """A formset a template reads without making a form for each row: Django's
    templates look `formset.prefix` up as `formset["prefix"]` first, which makes
    every form only to fail on the string (formset_factory(formset=...))."""

    def __getitem__(self, index):
        if isinstance(index, str):
            raise TypeError(f"a formset's forms are numbered, not named: {index!r}")
        return super().__getitem__(index)


class _Probe(BoundField):
    """The empty form's field with a value of our choosing: its HTML is what
    Django writes for that value, attributes and all."""

    def __init__(self, field: BoundField, value):
        super().__init__(field.form, field.field, field.name)
        self._probe_value = value

    def value(self):
        return self._probe_value


class _Widget:
    """One field's widget, written for any row with the empty form's prefix."""

    def __init__(self, field: BoundField):
        self.field = field
        self.widget = field.field.widget
        self.textarea = isinstance(self.widget, forms.Textarea)
        # Each piece of HTML split at the empty form's prefix, to be joined
        # with a row's.
        self.shown: dict[tuple[type, object], list[str]] = {}
        self.hole = self._hole()

    def _split(self, html: str) -> list[str]:
        return html.split(self.field.form.prefix)

    def _hole(self) -> tuple[list[str], list[str], list[str]] | None:
        """(before, after, without a value) for a text input or textarea whose
        value is written between the two, else None."""
        input_type = getattr(self.widget, "input_type", None)
        if not (
            self.textarea
            or (
                isinstance(self.widget, Input)
                and input_type not in ("checkbox", "radio", "file")
            )
        ):
            return None
        marked = str(_Probe(self.field, _MARK))
        empty = str(_Probe(self.field, None))
        if marked.count(_MARK) != 1:
            return None
        before, after = marked.split(_MARK)
        if self.textarea:
            ok = empty == before + after
        else:  # input.html: value="…" after the name, left out when None
            ok = (
                before.endswith(' value="')
                and after.startswith('"')
                and empty == before.removesuffix(' value="') + after[1:]
            )
        return (
            (self._split(before), self._split(after), self._split(empty))
            if ok
            else None
        )

    def html(self, value, prefix: str) -> str | None:
        """The widget's HTML for `value` (BoundField.value()) in the row of
        `prefix`, None when it is for Django to write."""
        if self.hole is not None:
            before, after, empty = self.hole
            shown = self.widget.format_value(value)
            if self.textarea:
                # textarea.html: {% if widget.value %}{{ widget.value }}{% endif %}
                if not shown:
                    return prefix.join(empty)
                text = conditional_escape(shown)
            elif shown is None:
                return prefix.join(empty)
            else:
                text = written_value(shown)
            return prefix.join(before) + text + prefix.join(after)
        if type(value) not in _SHOWN_ONCE and not isinstance(value, enum.Enum):
            return None
        key = (type(value), value)
        if key not in self.shown:
            self.shown[key] = self._split(str(_Probe(self.field, value)))
        return prefix.join(self.shown[key])


class FormsetRows:
    """The HTML of a formset's rows, as `render_row(form)` (the row template)
    writes them one by one."""

    def __init__(self, formset: forms.BaseFormSet, render_row: Callable[..., str]):
        self.formset = formset
        self.render_row = render_row
        self.empty = formset.empty_form
        self.texts, self.widgets = self._learn(render_row(self.empty))

    def _learn(self, row: str) -> tuple[list[list[str]], list[tuple[str, _Widget]]]:
        """The empty row cut at each widget: the text between (split at the
        prefix) and the widgets, in the order they are written; no widgets when
        one is not written exactly once (every row then goes to the template)."""
        formset = self.formset
        if formset.can_order or (formset.can_delete and not formset.can_delete_extra):
            # A row's fields would not be the empty form's: ORDER's initial is
            # the row's number, DELETE only on the rows read from the database.
            return [], []
        found = []
        for name in self.empty.fields:
            field = self.empty[name]
            html = str(field)
            if field.field.show_hidden_initial or row.count(html) != 1:
                return [], []
            found.append((row.index(html), html, name, _Widget(field)))
        found.sort(key=lambda item: item[0])
        texts, widgets, start = [], [], 0
        for at, html, name, widget in found:
            if at < start:  # one widget's HTML inside another's
                return [], []
            texts.append(row[start:at].split(self.empty.prefix))
            widgets.append((name, widget))
            start = at + len(html)
        texts.append(row[start:].split(self.empty.prefix))
        return texts, widgets

    @property
    def learnt(self) -> bool:
        """Rows are written here, not by the template (held by the tests)."""
        return bool(self.widgets)

    def html(self) -> str:
        formset = self.formset
        if not self.learnt:
            return "".join(self.render_row(form) for form in formset)
        if not formset.is_bound and formset.total_form_count() == len(
            formset.initial or ()
        ):
            # A formset read from the database, unbound: its rows' values are
            # its initial data, and no form is made for each row.
            return "".join(
                self._row(formset.add_prefix(i), self._initial_values(initial))
                or self.render_row(formset.forms[i])
                for i, initial in enumerate(formset.initial or ())
            )
        return "".join(self._form_row(form) for form in formset)

    def _initial_values(self, initial: dict) -> dict:
        """BoundField.value() of each field of an unbound row with `initial`."""
        form = self.empty
        form.initial = initial
        return {
            name: field.prepare_value(form.get_initial_for_field(field, name))
            for name, field in form.fields.items()
        }

    def _form_row(self, form) -> str:
        deletion = forms.formsets.DELETION_FIELD_NAME
        if form.errors or (deletion in form.fields and form[deletion].value()):
            return self.render_row(form)
        values = {name: form[name].value() for name, _widget in self.widgets}
        return self._row(form.prefix, values) or self.render_row(form)

    def _row(self, prefix: str, values: dict) -> str | None:
        """The empty row with `prefix` and these values; None when a widget is
        for Django to write."""
        parts = [prefix.join(self.texts[0])]
        for (name, widget), text in zip(self.widgets, self.texts[1:], strict=True):
            html = widget.html(values[name], prefix)
            if html is None:
                return None
            parts.append(html)
            parts.append(prefix.join(text))
        return "".join(parts)
