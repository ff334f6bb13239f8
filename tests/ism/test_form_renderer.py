"""ISM's form renderer writes the plain widgets without their templates: the HTML
must be Django's, character for character, whatever the widget, its attributes
and its value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from ism.form_renderer import FormRenderer

ATTRS = [
    {},
    {"class": "amount", "aria-label": 'Salary "net" & <gross>', "required": True},
    {
        "disabled": False,
        "data-n": 3,
        "step": Decimal("0.01"),
        "title": mark_safe("<b>"),
    },
    {"aria-describedby": "id_x_helptext", "placeholder": gettext_lazy("Title")},
]
VALUES = [None, "", "Ann & <Bob>", 0, 12.5, Decimal("769221.00"), True, False]
CHOICES = [
    ("", "---------"),
    ("travel", gettext_lazy("Travel")),
    ("a&b", "A <&> B"),
    ("Group", [("1", "One"), (2, "Two")]),
    (3, 4),  # a label the template localizes: written by the template
]
WIDGETS = [
    forms.TextInput,
    forms.NumberInput,
    forms.HiddenInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.CheckboxInput,
    forms.Textarea,
    lambda attrs: forms.Select(attrs=attrs, choices=CHOICES),
    lambda attrs: forms.Select(attrs=attrs, choices=CHOICES[:3]),
    lambda attrs: forms.SelectMultiple(attrs=attrs, choices=CHOICES[:3]),
    lambda attrs: forms.RadioSelect(attrs=attrs, choices=CHOICES[:3]),
    lambda attrs: forms.RadioSelect(attrs=attrs, choices=CHOICES),
    lambda attrs: forms.CheckboxSelectMultiple(attrs=attrs, choices=CHOICES[:4]),
]


@pytest.mark.parametrize("make", WIDGETS)
def test_each_widget_is_written_as_its_template_writes_it(make):
    ours, djangos = FormRenderer(), DjangoTemplates()
    for attrs in ATTRS:
        widget = make(attrs=dict(attrs))
        for value in [*VALUES, dt.date(2026, 4, 30), ["travel", "a&b"], "travel"]:
            expected = widget.render("field", value, {"id": "id_f"}, djangos)
            assert widget.render("field", value, {"id": "id_f"}, ours) == expected


def test_a_whole_form_is_the_same(settings):
    class Form(forms.Form):
        title = forms.CharField(help_text="As published.")
        amount = forms.DecimalField(localize=True)
        category = forms.ChoiceField(choices=CHOICES[:3])
        note = forms.CharField(widget=forms.Textarea, required=False)
        from_missions = forms.BooleanField(required=False)

    data = {"title": "x<y", "amount": "1,5", "category": "zz", "from_missions": "on"}
    for form in (Form(), Form(data)):
        form.is_valid()
        assert form.render(renderer=FormRenderer()) == form.render(
            renderer=DjangoTemplates()
        )


def test_the_plain_widgets_are_written_without_a_template(monkeypatch):
    renderer = FormRenderer()
    for widget in WIDGETS:
        widget(attrs={}).render("warm", "x", None, renderer)  # the origin checks

    def no_template(*args, **kwargs):
        raise AssertionError("rendered through a template")

    monkeypatch.setattr(DjangoTemplates, "render", no_template)
    for make in (*WIDGETS[:8], WIDGETS[9], WIDGETS[11], WIDGETS[13]):
        for value in VALUES:
            make(attrs=ATTRS[1]).render("field", value, None, renderer)
