"""The bank account a convention's contributions are paid into (issue 16).

Set by the ISU's staff on the convention's settings page, never in code, and
checked as the banks check them: the IBAN's checksum and national format, the
BIC's structure (schwifty). The holder's address is structured (street,
postcode, town, country) because the Swiss QR-bill has accepted no other form
since November 2025. Copied onto each invoice at issue (Invoice.payee), so an
account changed later never alters an invoice already sent.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from ism.fields import illustrative_flag


def _checked(kind: str, value: str, message) -> None:
    """schwifty's IBAN or BIC check of `value`, as a field's ValidationError."""
    import schwifty
    from schwifty.exceptions import SchwiftyException

    try:
        getattr(schwifty, kind)(value)
    except SchwiftyException as exc:
        raise ValidationError(message, params={"why": exc}, code=kind.lower()) from None


def validate_iban(value: str) -> None:
    _checked("IBAN", value, _("Not a valid IBAN (%(why)s)."))


def validate_bic(value: str) -> None:
    _checked("BIC", value, _("Not a valid BIC (%(why)s)."))


BANK_FIELDS = [
    "bank_name",
    "bank_iban",
    "bank_bic",
    "bank_holder",
    "bank_holder_street",
    "bank_holder_postcode",
    "bank_holder_town",
    "bank_holder_country",
    "bank_illustrative",
]


class BankAccount(models.Model):
    """Abstract: the account fields a Convention carries."""

    bank_name = models.CharField(_("bank"), max_length=140, blank=True)
    bank_iban = models.CharField(
        _("IBAN"), max_length=42, blank=True, validators=[validate_iban]
    )
    bank_bic = models.CharField(
        _("BIC"), max_length=11, blank=True, validators=[validate_bic]
    )
    bank_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    bank_holder_street = models.CharField(
        _("account holder's street and number"), max_length=70, blank=True
    )
    bank_holder_postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    bank_holder_town = models.CharField(_("town"), max_length=35, blank=True)
    bank_holder_country = models.CharField(
        _("country (ISO code)"), max_length=2, blank=True
    )
    bank_illustrative = illustrative_flag(_("Invented bank details of the demo."))

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        from schwifty import BIC, IBAN
        from schwifty.exceptions import SchwiftyException

        # Stored in the banks' electronic form: no spaces, capitals. A wrong one
        # has its message beside its field already (the validators).
        try:
            if self.bank_iban:
                self.bank_iban = IBAN(self.bank_iban).compact
            if self.bank_bic:
                self.bank_bic = str(BIC(self.bank_bic))
        except SchwiftyException:
            pass
        self.bank_holder_country = self.bank_holder_country.upper()
        if self.bank_iban and not self.bank_holder:
            raise ValidationError(
                {"bank_holder": _("An account needs its holder's name.")}
            )

    def payee(self) -> dict:
        """The copy an invoice keeps (Invoice.payee); empty without an IBAN."""
        if not self.bank_iban:
            return {}
        return {
            "iban": self.bank_iban,
            "bic": self.bank_bic,
            "bank": self.bank_name,
            "name": self.bank_holder,
            "street": self.bank_holder_street,
            "postcode": self.bank_holder_postcode,
            "town": self.bank_holder_town,
            "country": self.bank_holder_country,
            "illustrative": self.bank_illustrative,
        }
