"""Bank statements in the formats banks send, read into the import's rows
(budgets.contributions.services.bank_rows.BankRow):

* ISO 20022 camt.053 (account statement), camt.054 (debit/credit notification)
  and camt.052 (account report), XML, read with lxml by the elements' local
  names, so the versions in use (.001.02 to .001.08) read alike;
* SWIFT MT940, read with the `mt-940` package (import name `mt940`);
* ISM's own CSV (budgets.contributions.services.bank_csv).

Only money arriving is a row: credits that are booked and not reversals. A
batch entry with transaction details gives one row per transaction. A row's
reference is the structured one (QR or creditor reference) where the bank
gives it, else the remittance text, where an invoice number may stand.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from djmoney.money import Money

from budgets.contributions.services.bank_csv import MAX_ROWS, parse_csv
from budgets.contributions.services.bank_rows import BankRow
from ism.validators import date_problem

_CAMT = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.05[234]\.001\.\d\d$")


def parse_statement(text: str) -> list[BankRow]:
    """The rows of a statement in any of the formats, told apart by their first
    characters; ValidationError naming every problem."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("<"):
        rows = _camt_rows(body)
    elif body.startswith((":20:", "{1:", ":940:")) or "\n:61:" in body:
        rows = _mt940_rows(body)
    else:
        return parse_csv(text)
    # Rows numbered as the preview lists them (a batch entry gives several).
    for number, row in enumerate(rows, start=1):
        row.number = number
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            {"file": [_("At most %(n)d rows per file.") % {"n": MAX_ROWS}]}
        )
    problems = [
        _("Row %(row)d: %(message)s") % {"row": row.number, "message": problem}
        for row in rows
        if (problem := _row_problem(row))
    ]
    if problems:
        raise ValidationError({"file": problems})
    return rows


def _row_problem(row: BankRow) -> str | None:
    if str(row.amount.currency) not in settings.CURRENCIES:
        return _('"%(v)s" is not a currency ISM knows (%(known)s).') % {
            "v": row.amount.currency,
            "known": ", ".join(settings.CURRENCIES),
        }
    return date_problem(row.date)


def _refused(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


# --- ISO 20022 camt ---------------------------------------------------------------


def _children(element, name: str) -> list:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and _local(c.tag) == name]


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _first(element, *path: str):
    """The first element down `path` (local names), or None."""
    for name in path:
        found = _children(element, name)
        element = found[0] if found else None
    return element


def _text(element, *path: str) -> str:
    found = _first(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _descendant_text(element, *names: str) -> str:
    """The text of the first descendant named like the last of `names` under one
    named like the first (e.g. Dbtr … Nm, whatever lies between by version)."""
    for outer in element.iter():
        if isinstance(outer.tag, str) and _local(outer.tag) == names[0]:
            for inner in outer.iter():
                if isinstance(inner.tag, str) and _local(inner.tag) == names[1]:
                    return (inner.text or "").strip()
    return ""


def _camt_tree(body: str):
    from lxml import etree

    # No DTD, no entities, no network: a statement is data, never instructions.
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(body.encode(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise _refused(_("Not a readable XML file: %s") % exc) from None
    namespace = root.tag.partition("}")[0].lstrip("{")
    if _local(root.tag) != "Document" or not _CAMT.match(namespace):
        raise _refused(
            _("Not an ISO 20022 bank statement (camt.052, camt.053 or camt.054).")
        )
    return root


def _camt_date(entry) -> dt.date | None:
    for name in ("ValDt", "BookgDt"):
        when = _text(entry, name, "Dt") or _text(entry, name, "DtTm")[:10]
        if when:
            return dt.date.fromisoformat(when)
    return None


def _camt_amount(element) -> Money:
    amount = _first(element, "Amt")
    return Money(Decimal((amount.text or "").strip()), amount.get("Ccy", ""))


def _booked(entry) -> bool:
    # .02-.04: <Sts>BOOK</Sts>; .05 on: <Sts><Cd>BOOK</Cd></Sts>.
    status = _text(entry, "Sts") or _text(entry, "Sts", "Cd")
    return status in ("BOOK", "")


def _camt_rows(body: str) -> list[BankRow]:
    root = _camt_tree(body)
    rows: list[BankRow] = []
    entries = [
        e for e in root.iter() if isinstance(e.tag, str) and _local(e.tag) == "Ntry"
    ]
    for number, entry in enumerate(entries, start=1):
        if (
            _text(entry, "CdtDbtInd") != "CRDT"
            or _text(entry, "RvslInd").lower() == "true"
            or not _booked(entry)
        ):
            continue
        try:
            rows.extend(_camt_entry_rows(number, entry))
        except (InvalidOperation, ValueError, AttributeError):
            raise _refused(
                _("Entry %(row)d: no amount, currency or date that can be read.")
                % {"row": number}
            ) from None
    return rows


def _camt_entry_rows(number: int, entry) -> list[BankRow]:
    date = _camt_date(entry)
    if date is None:
        raise ValueError(number)
    details = [
        tx
        for block in _children(entry, "NtryDtls")
        for tx in _children(block, "TxDtls")
    ]
    if not details:
        details = [entry]
    rows = []
    for tx in details:
        # One transaction of a single entry may leave out its own amount.
        has_amount = _first(tx, "Amt") is not None and len(details) > 1
        amount = _camt_amount(tx if has_amount else entry)
        structured = _text(tx, "RmtInf", "Strd", "CdtrRefInf", "Ref")
        remittance_info = _first(tx, "RmtInf")
        remittance = " ".join(
            (u.text or "").strip() for u in _children(remittance_info, "Ustrd")
        )
        rows.append(
            BankRow(
                number=number,
                state_code="",
                invoice_number="",
                date=date,
                amount=amount,
                reference=(structured or remittance or _text(entry, "AddtlNtryInf"))[
                    :200
                ],
                debtor=_descendant_text(tx, "Dbtr", "Nm")[:200],
                from_bank=True,
            )
        )
    return rows


# --- SWIFT MT940 ---------------------------------------------------------------------


def _mt940_rows(body: str) -> list[BankRow]:
    import mt940

    transactions = mt940.models.Transactions()
    try:
        with warnings.catch_warnings():
            # The parser warns about tags it does not know; those are not money.
            warnings.simplefilter("ignore")
            transactions.parse(body)
    except Exception as exc:
        raise _refused(_("Not a readable MT940 statement: %s") % exc) from None
    rows = []
    for number, transaction in enumerate(transactions, start=1):
        data = transaction.data
        # C: credit; RD: reversal of a debit, money back. D and RC take money.
        if data.get("status") not in ("C", "RD") or data.get("amount") is None:
            continue
        amount = data["amount"]
        day = data.get("date")
        details = " ".join((data.get("transaction_details") or "").split())
        rows.append(
            BankRow(
                number=number,
                state_code="",
                invoice_number="",
                date=dt.date(day.year, day.month, day.day),
                amount=Money(abs(amount.amount), amount.currency),
                reference=details[:200],
                debtor=details[:200],
                from_bank=True,
            )
        )
    return rows
