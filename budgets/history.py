"""How the budgets' history tables name the keys their events write that are not
fields of the event's object (ism.history; found by autodiscovery)."""

from django.utils.translation import gettext_lazy as _

from budgets.models import Fund, Invoice
from ism.history import Key, register_keys

money = "money"
in_invoice_currency = {"currency_field": "amount_currency"}

register_keys(
    Invoice,
    # A payment recorded on the invoice (budgets.contributions.services.payments).
    payment=Key(_("payment"), "prose"),
    applied=Key(_("applied to the invoice"), money, **in_invoice_currency),
    rate=Key(_("exchange rate"), "decimal"),
    credit=Key(_("became credit"), money, **in_invoice_currency),
    status=Key(_("status"), "choice", dict(Invoice.Status.choices)),
    # Corrections and credits (budgets.contributions.services.invoices).
    credit_applied=Key(_("credit applied"), money, **in_invoice_currency),
    credit_released=Key(_("credit released"), money, **in_invoice_currency),
    cancelled_by=Key(_("cancelled by")),
    recipient=Key(_("recipient")),
)
register_keys(
    Fund,
    balance=Key(_("balance"), money),
    movement=Key(_("movement"), "prose"),
)
