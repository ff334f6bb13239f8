"""Demo contributions for `load_demo`: an illustrative scale of assessment (invented
rates, labelled as such on every page that uses it), each convention's invoice
settings, and the CCM's 2024 assessment issued on that scale with a few payments,
so the status page, the invoices and a State's page have something to show.

Idempotent: what is there already is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from djmoney.money import Money

from budgets.calculations import figures
from budgets.contributions.services import (
    assessment_issue,
    payment_record,
    scale_table_import,
)
from budgets.contributions.services.assessments import adopted_budget
from budgets.models import Assessment, ContributionSettings, Invoice
from ism.models import Convention

SCALE_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "illustrative_un_scale.csv"
)
SCALE_NAME = "ISM demo scale"
SYSTEM = None

SETTINGS = {
    "APMBC": "Implementation Support Unit of the Anti-Personnel Mine Ban Convention",
    "CCM": "Implementation Support Unit of the Convention on Cluster Munitions",
    "CCW": "Implementation Support Unit of the Convention on Certain Conventional "
    "Weapons",
}
HOST_ADDRESS = {
    "APMBC": "c/o GICHD, Maison de la paix, Chemin Eugène-Rigot 2C, 1202 Geneva",
    "CCM": "c/o GICHD, Maison de la paix, Chemin Eugène-Rigot 2C, 1202 Geneva",
    "CCW": "c/o UNODA, Palais des Nations, 1211 Geneva 10",
}
# Invented bank details: a demo must never show a real account to pay into. The
# IBANs are the examples of the SIX Swiss Payment Standards (a QR-IBAN for the
# APMBC, so its invoices carry QR references; ordinary ones for the CCM and the
# CCW, creditor references): valid check digits, nobody's money, flagged
# illustrative so the invoices say so.
BANK = (
    "Illustrative bank details — not a real account.\n"
    "Bank: Demo Bank, Geneva\nAccount holder: {holder}\n"
    "IBAN: {iban}\nSWIFT/BIC: DEMOCHGG\n"
    "Please quote the payment reference."
)
DEMO_IBAN = {
    "APMBC": "CH4431999123000889012",
    "CCM": "CH9300762011623852957",
    "CCW": "CH5604835012345678009",
}
GICHD = ("Chemin Eugene-Rigot 2C", "1202", "Geneva")
DEMO_HOLDER_ADDRESS = {
    "APMBC": GICHD,
    "CCM": GICHD,
    "CCW": ("Palais des Nations", "1211", "Geneva 10"),
}


def _demo_account(convention: Convention) -> None:
    """The illustrative account, unless staff have set a real one."""
    if convention.bank_iban:
        return
    street, postcode, town = DEMO_HOLDER_ADDRESS[convention.code]
    Convention.objects.filter(pk=convention.pk).update(
        bank_name="Demo Bank, Geneva",
        bank_iban=DEMO_IBAN[convention.code],
        bank_bic="DEMOCHGG",
        bank_holder=f"{convention.code} Implementation Support Unit",
        bank_holder_street=street,
        bank_holder_postcode=postcode,
        bank_holder_town=town,
        bank_holder_country="CH",
        bank_illustrative=True,
    )


def load() -> dict[str, int]:
    with transaction.atomic():
        table, _created = scale_table_import(
            csv_text=SCALE_FILE.read_text(encoding="utf-8"),
            name=SCALE_NAME,
            start_year=2022,
            end_year=2027,
            source="Invented for the ISM demo",
            illustrative=True,
            actor=SYSTEM,
        )
        for code, holder in SETTINGS.items():
            convention = Convention.objects.filter(code=code).first()
            if convention is None:
                continue
            _demo_account(convention)
            ContributionSettings.objects.get_or_create(
                convention=convention,
                defaults={
                    "issuer": f"{holder}\n{HOST_ADDRESS[code]}",
                    "payment_instructions": BANK.format(
                        holder=holder, iban=DEMO_IBAN[code]
                    ),
                    "payment_terms_days": 60,
                },
            )
        issued = _ccm_2024(table)
    return {"invoices_issued": issued}


def _ccm_2024(table) -> int:
    ccm = Convention.objects.filter(code="CCM").first()
    if ccm is None or Assessment.objects.filter(convention=ccm, year=2024).exists():
        return 0
    budget = adopted_budget(ccm, 2024)
    if budget is None:
        return 0
    assessment = assessment_issue(
        convention=ccm,
        year=2024,
        amount=figures(budget).total,
        method=Assessment.Method.MIXED,
        scale=table,
        budget=budget,
        issue_date=dt.date(2023, 11, 1),
        due_date=dt.date(2024, 1, 31),
        actor=SYSTEM,
    )
    invoices = list(
        Invoice.objects.filter(assessment=assessment).select_related("state")
    )
    # Illustrative payments: most States paid in full, one in part, one not yet.
    for invoice in invoices:
        code = invoice.state.iso3
        if code == "IRQ":
            continue
        share = Decimal("0.5") if code == "LAO" else Decimal(1)
        amount = (invoice.amount.amount * share).quantize(Decimal("0.01"))
        payment_record(
            convention=ccm,
            state=invoice.state,
            invoice=invoice,
            date=dt.date(2024, 2, 15),
            amount=Money(amount, invoice.amount.currency),
            reference=f"DEMO-{invoice.number}",
            actor=SYSTEM,
        )
    return len(invoices)
