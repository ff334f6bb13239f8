"""ism.forms.add_service_errors: every page puts a service's refusal on its form
the same way — beside the field it names, else at the top of the form."""

from django import forms
from django.core.exceptions import ValidationError

from ism.forms import add_service_errors, service_errors


class TitleForm(forms.Form):
    title = forms.CharField()
    fte = forms.DecimalField(required=False)


def _bound():
    form = TitleForm({"title": "Director", "fte": "0.5"})
    assert form.is_valid()
    return form


def test_it_puts_a_field_error_beside_its_field():
    form = _bound()
    add_service_errors(form, ValidationError({"fte": "FTE is between 0 and 1."}))
    assert form.errors["fte"] == ["FTE is between 0 and 1."]
    assert form.non_field_errors() == []
    assert "fte" not in form.cleaned_data


def test_it_puts_a_message_that_names_no_field_at_the_top():
    form = _bound()
    add_service_errors(form, ValidationError("This budget is adopted."))
    assert form.non_field_errors() == ["This budget is adopted."]
    assert form.errors.keys() == {"__all__"}


def test_it_puts_a_field_the_form_lacks_at_the_top():
    form = _bound()
    add_service_errors(
        form,
        ValidationError({"__all__": "Not now.", "salary": "Enter the salary."}),
    )
    assert form.non_field_errors() == ["Not now.", "Enter the salary."]


def test_it_keeps_every_message_of_a_list_and_of_a_field():
    form = _bound()
    add_service_errors(form, ValidationError(["One.", "Two."]))
    add_service_errors(form, ValidationError({"title": ["Too long.", "Taken."]}))
    assert form.non_field_errors() == ["One.", "Two."]
    assert form.errors["title"] == ["Too long.", "Taken."]


def test_it_keeps_the_services_error_codes():
    form = _bound()
    add_service_errors(
        form, ValidationError({"title": ValidationError("Taken.", code="unique")})
    )
    assert form.has_error("title", "unique")


def test_service_errors_names_a_plain_message_non_field():
    errors = service_errors(ValidationError("No."))
    assert list(errors) == ["__all__"]
    assert [e.message for e in errors["__all__"]] == ["No."]
