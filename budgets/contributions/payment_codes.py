"""What a State's bank reads off an invoice to pay it, and what ISM reads back off
the bank's statement to know which invoice was paid (issue 16).

* The structured reference of an invoice. With a QR-IBAN (a Swiss account whose
  institution identifier is 30000-31999) the bank accepts only a QR reference: 26
  digits and a check digit (modulo 10, recursive). With any other IBAN, the ISO
  11649 creditor reference: "RF", two check digits (ISO 7064 mod 97-10), then the
  payload. Both carry the same payload: the convention, the year and the
  invoice's number in its series, so `invoice_for_reference` finds the invoice
  again with one query and no table of references to keep.
* The payment code printed on the document: the Swiss QR-bill's payment part for
  CHF (the `qrbill` package: the SIX Swiss Payment Standards' layout and QR
  data; its QR code drawn by `qr_masks`, the same code faster), the EPC QR code
  of the European Payments Council for EUR (SEPA credit transfer,
  `segno.helpers.make_epc_qr`). No standard exists for USD: the
  document then gives the bank details only.
"""

from __future__ import annotations

import io
import re

from stdnum import iso11649
from stdnum.ch import esr
from stdnum.iso7064 import mod_97_10

_SPACES = re.compile(r"\s+")
# A reference inside free text: the RF form, or 27 digits possibly in groups.
_IN_TEXT = re.compile(r"RF\d{2}(?: ?\d){9,21}|\d{2}(?: ?\d){25}")
QR_BILL_LANGUAGES = ("en", "de", "fr", "it")


def is_qr_iban(iban: str) -> bool:
    """A QR-IBAN: Swiss or Liechtenstein, institution identifier 30000-31999."""
    iban = _SPACES.sub("", iban).upper()
    return iban[:2] in ("CH", "LI") and 30000 <= int(iban[4:9] or 0) <= 31999


def _payload(invoice) -> str:
    return f"{invoice.convention_id:04d}{invoice.year:04d}{invoice.sequence:06d}"


def invoice_reference(invoice, iban: str | None = None) -> str:
    """The invoice's structured reference for the account it is paid into (its
    payee copy unless `iban` is given): QR reference or creditor reference.
    Empty for a draft (no number yet)."""
    iban = iban if iban is not None else (invoice.payee or {}).get("iban", "")
    if not invoice.sequence:
        return ""
    payload = _payload(invoice)
    if iban and is_qr_iban(iban):
        digits = payload.rjust(26, "0")
        return digits + esr.calc_check_digit(digits)
    return f"RF{mod_97_10.calc_check_digits(payload + 'RF')}{payload}"


def reference_parts(reference: str) -> tuple[int, int, int] | None:
    """(convention id, year, sequence) from a valid reference of ISM's, or None."""
    compact = _SPACES.sub("", reference).upper()
    if compact.startswith("RF"):
        if not iso11649.is_valid(compact):
            return None
        payload = compact[4:]
    elif esr.is_valid(compact) and len(compact) == 27:
        payload = compact[:-1].lstrip("0")
    else:
        return None
    if not payload.isdigit() or not 9 <= len(payload) <= 14:
        return None
    payload = payload.rjust(14, "0")
    return int(payload[:4]), int(payload[4:8]), int(payload[8:])


def references_in(text: str) -> list[str]:
    """The structured references written in a free text (a remittance line)."""
    return [m.group(0) for m in _IN_TEXT.finditer((text or "").upper())]


def invoice_for_reference(convention, reference: str):
    """The convention's invoice a structured reference names, or None: a reference
    that fails its check digits, or names another convention's invoice, names
    none."""
    from budgets.models import Invoice

    parts = reference_parts(reference)
    if parts is None or parts[0] != convention.pk:
        return None
    return (
        Invoice.objects.filter(convention=convention, year=parts[1], sequence=parts[2])
        .select_related("state")
        .first()
    )


# --- The codes printed on the document ------------------------------------------------


def _svg_markup(svg: str) -> str:
    """Inline SVG for the HTML document: without its XML declaration."""
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", svg.strip())


def qr_bill_svg(invoice, language: str, amount=None) -> str:
    """The QR-bill's receipt and payment part (210 × 105 mm) for a CHF invoice
    (`amount`: what is still owed, else the invoice's amount)."""
    # qrbill's bill, with its QR code made faster to the same bytes (qr_masks).
    from budgets.contributions.qr_masks import SwissQRBill

    payee = invoice.payee
    bill = SwissQRBill(
        account=payee["iban"],
        creditor={
            "name": payee["name"],
            "street": payee.get("street") or None,
            "pcode": payee.get("postcode") or None,
            "city": payee.get("town") or None,
            "country": payee.get("country") or "CH",
        },
        amount=format(amount or invoice.amount.amount, "f"),
        currency="CHF",
        reference_number=invoice_reference(invoice),
        additional_information=invoice.number,
        language=language if language in QR_BILL_LANGUAGES else "en",
    )
    out = io.StringIO()
    bill.as_svg(out)
    return _svg_markup(out.getvalue())


def epc_svg(invoice, amount=None) -> str:
    """The EPC QR code (SEPA credit transfer) for a EUR invoice, with the same
    creditor reference a QR-bill would carry."""
    import segno.helpers

    payee = invoice.payee
    code = segno.helpers.make_epc_qr(
        name=payee["name"][:70],
        iban=payee["iban"],
        amount=amount or invoice.amount.amount,
        reference=invoice_reference(invoice),
        bic=payee.get("bic") or None,
    )
    return _svg_markup(code.svg_inline(scale=1, unit="mm", border=4))


def payment_code(invoice, language: str, amount=None) -> dict:
    """What a document shows to pay the invoice by code: {"kind": "qrbill" |
    "epc" | "none", "svg": …, "reference": …}, for `amount` (a statement: what is
    still owed) or the invoice's amount. Nothing for a counter-invoice or an
    invoice issued without bank details."""
    if invoice.is_cancellation or not (invoice.payee or {}).get("iban"):
        return {}
    currency = str(invoice.amount.currency)
    code = {"kind": "none", "reference": invoice_reference(invoice)}
    if currency == "CHF" and invoice.payee["iban"][:2] in ("CH", "LI"):
        code.update(kind="qrbill", svg=qr_bill_svg(invoice, language, amount))
    elif currency == "EUR":
        code.update(kind="epc", svg=epc_svg(invoice, amount))
    return code
