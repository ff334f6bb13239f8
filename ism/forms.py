from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from ism.models import Convention, StateContact
from ism.services import CONVENTION_EDITABLE


class ConventionSettingsForm(forms.ModelForm):
    class Meta:
        model = Convention
        fields = CONVENTION_EDITABLE


class StateContactForm(forms.ModelForm):
    class Meta:
        model = StateContact
        fields = ["recipient", "address", "emails"]
        widgets = {"address": forms.Textarea(attrs={"rows": 4})}

    def clean_emails(self):
        emails = [
            e.strip() for e in self.cleaned_data["emails"].split(",") if e.strip()
        ]
        for email in emails:
            try:
                validate_email(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(email)s” is not a valid e-mail address."),
                    params={"email": email},
                ) from None
        return ", ".join(emails)
