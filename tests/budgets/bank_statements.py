"""Bank statements as banks send them, made by the tests: ISO 20022 camt.053
(valid against the schema vendored in tests/standards/iso20022) and camt.054, and
SWIFT MT940. Each movement is a Movement; `structured` is a QR or creditor
reference, `text` the unstructured remittance line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

XSD = Path(__file__).resolve().parents[1] / "standards/iso20022/camt.053.001.08.xsd"
ACCOUNT = "CH4431999123000889012"


@dataclass
class Movement:
    amount: Decimal
    date: dt.date
    currency: str = "CHF"
    structured: str = ""
    text: str = ""
    debtor: str = ""
    credit: bool = True
    bank_reference: str = ""


def _remittance(m: Movement) -> str:
    parts = []
    if m.text:
        parts.append(f"<Ustrd>{escape(m.text)}</Ustrd>")
    if m.structured:
        kind = "SCOR" if m.structured.startswith("RF") else "QRR"
        # A creditor reference carries the ISO code SCOR, a QR reference the
        # Swiss proprietary QRR (Swiss Payment Standards, camt implementation).
        code = f"<Cd>{kind}</Cd>" if kind == "SCOR" else f"<Prtry>{kind}</Prtry>"
        parts.append(
            "<Strd><CdtrRefInf><Tp><CdOrPrtry>"
            f"{code}</CdOrPrtry></Tp><Ref>{m.structured}</Ref></CdtrRefInf></Strd>"
        )
    return f"<RmtInf>{''.join(parts)}</RmtInf>" if parts else ""


def _entry(number: int, m: Movement) -> str:
    side = "CRDT" if m.credit else "DBIT"
    amount = (
        f'<Amt Ccy="{m.currency}">{m.amount:.2f}</Amt><CdtDbtInd>{side}</CdtDbtInd>'
    )
    debtor = (
        f"<RltdPties><Dbtr><Pty><Nm>{escape(m.debtor)}</Nm></Pty></Dbtr></RltdPties>"
        if m.debtor
        else ""
    )
    return (
        f"<Ntry><NtryRef>{number}</NtryRef>{amount}<Sts><Cd>BOOK</Cd></Sts>"
        f"<BookgDt><Dt>{m.date:%Y-%m-%d}</Dt></BookgDt>"
        f"<ValDt><Dt>{m.date:%Y-%m-%d}</Dt></ValDt>"
        f"<AcctSvcrRef>{m.bank_reference or f'BANK-{number}'}</AcctSvcrRef>"
        "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>VCOM</SubFmlyCd>"
        "</Fmly></Domn></BkTxCd>"
        f"<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>"
        f"{amount}{debtor}{_remittance(m)}</TxDtls></NtryDtls></Ntry>"
    )


def _balance(code: str, amount: Decimal, day: dt.date, currency: str) -> str:
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="{currency}">{amount:.2f}</Amt><CdtDbtInd>CRDT</CdtDbtInd>'
        f"<Dt><Dt>{day:%Y-%m-%d}</Dt></Dt></Bal>"
    )


def _document(message: str, root: str, block: str, inside: str, day) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:{message}">'
        f"<{root}><GrpHdr><MsgId>ISM-TEST</MsgId>"
        f"<CreDtTm>{day:%Y-%m-%d}T18:00:00</CreDtTm></GrpHdr>"
        f"<{block}><Id>{block.upper()}-{day:%Y%m%d}</Id>{inside}</{block}>"
        f"</{root}></Document>"
    )


def _entries(movements: list[Movement]) -> str:
    return "".join(_entry(n, m) for n, m in enumerate(movements, start=1))


def camt053(movements: list[Movement], *, currency: str = "CHF") -> str:
    """A camt.053.001.08 account statement of `movements`."""
    first = min(m.date for m in movements)
    last = max(m.date for m in movements)
    closing = sum((m.amount if m.credit else -m.amount) for m in movements)
    inside = (
        f"<Acct><Id><IBAN>{ACCOUNT}</IBAN></Id><Ccy>{currency}</Ccy></Acct>"
        f"{_balance('OPBD', Decimal(0), first, currency)}"
        f"{_balance('CLBD', max(closing, Decimal(0)), last, currency)}"
        f"{_entries(movements)}"
    )
    return _document("camt.053.001.08", "BkToCstmrStmt", "Stmt", inside, last)


def camt054(movements: list[Movement], *, version: str = "04") -> str:
    """A camt.054 credit notification (an older version by default: the parser
    reads any)."""
    inside = f"<Acct><Id><IBAN>{ACCOUNT}</IBAN></Id></Acct>{_entries(movements)}"
    return _document(
        f"camt.054.001.{version}",
        "BkToCstmrDbtCdtNtfctn",
        "Ntfctn",
        inside,
        max(m.date for m in movements),
    )


def mt940(movements: list[Movement], *, currency: str = "CHF") -> str:
    """A SWIFT MT940 statement: :61: for each movement, :86: its text."""
    first = min(m.date for m in movements)
    last = max(m.date for m in movements)
    lines = [":20:ISMTEST", f":25:{ACCOUNT}", ":28C:00001/001"]
    lines.append(f":60F:C{first:%y%m%d}{currency}0,00")
    total = Decimal(0)
    for number, m in enumerate(movements, start=1):
        side = "C" if m.credit else "D"
        total += m.amount if m.credit else -m.amount
        amount = f"{m.amount:.2f}".replace(".", ",")
        reference = m.bank_reference or f"BANK{number}"
        lines.append(f":61:{m.date:%y%m%d%m%d}{side}{amount}NTRFNONREF//{reference}")
        lines.append(
            ":86:" + " ".join(p for p in (m.debtor, m.text, m.structured) if p)
        )
    closing = f"{max(total, Decimal(0)):.2f}".replace(".", ",")
    lines.append(f":62F:C{last:%y%m%d}{currency}{closing}")
    return "\r\n".join(lines) + "\r\n"
