"""The conventions' instruments for `load_demo`, and the CCW's sample of
parties (ism/reference/ccw-parties-sample.csv, illustrative: see its header).

The APMBC and the CCM are one treaty each; the CCW is the Convention and its
annexed Protocols (its Article 1 and the UNTC's Chapter XXVI.2). Each
instrument's own entry into force is the depositary's published date; a State's
is six months after its consent (CCW Art. 5(2), 5(4); the importer's rule)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ism.models import Convention, Instrument, InstrumentMembership, State
from ism.parties import instrument_base
from ism.parties_import import memberships_import

SAMPLE = "ccw-parties-sample.csv"

# The instruments' names in the other five languages, as the UN writes them.
INSTRUMENT_NAMES = {
    "Convention": {
        "fr": "Convention",
        "es": "Convención",
        "ru": "Конвенция",
        "ar": "الاتفاقية",
        "zh_hans": "公约",
    },
    "Protocol I": {
        "fr": "Protocole I",
        "es": "Protocolo I",
        "ru": "Протокол I",
        "ar": "البروتوكول الأول",
        "zh_hans": "第一号议定书",
    },
    "Protocol II": {
        "fr": "Protocole II",
        "es": "Protocolo II",
        "ru": "Протокол II",
        "ar": "البروتوكول الثاني",
        "zh_hans": "第二号议定书",
    },
    "Protocol III": {
        "fr": "Protocole III",
        "es": "Protocolo III",
        "ru": "Протокол III",
        "ar": "البروتوكول الثالث",
        "zh_hans": "第三号议定书",
    },
    "Protocol IV": {
        "fr": "Protocole IV",
        "es": "Protocolo IV",
        "ru": "Протокол IV",
        "ar": "البروتوكول الرابع",
        "zh_hans": "第四号议定书",
    },
    "Amended Protocol II": {
        "fr": "Protocole II modifié",
        "es": "Protocolo II enmendado",
        "ru": "Протокол II с поправками",
        "ar": "البروتوكول الثاني المعدل",
        "zh_hans": "经修正的第二号议定书",
    },
    "Protocol V": {
        "fr": "Protocole V",
        "es": "Protocolo V",
        "ru": "Протокол V",
        "ar": "البروتوكول الخامس",
        "zh_hans": "第五号议定书",
    },
}

# code -> (code, English name, order, the instrument's entry into force).
INSTRUMENTS = {
    "APMBC": [("convention", "Convention", 0, dt.date(1999, 3, 1))],
    "CCM": [("convention", "Convention", 0, dt.date(2010, 8, 1))],
    "CCW": [
        ("convention", "Convention", 0, dt.date(1983, 12, 2)),
        ("p1", "Protocol I", 1, dt.date(1983, 12, 2)),
        ("p2", "Protocol II", 2, dt.date(1983, 12, 2)),
        ("p3", "Protocol III", 3, dt.date(1983, 12, 2)),
        ("p4", "Protocol IV", 4, dt.date(1998, 7, 30)),
        ("apii", "Amended Protocol II", 5, dt.date(1998, 12, 3)),
        ("p5", "Protocol V", 6, dt.date(2006, 11, 12)),
    ],
}


def load_instruments(conventions: dict[str, Convention]) -> int:
    """Each demo convention's instruments, with their names in the six
    languages; the CCW's illustrative parties made members of every one."""
    created = sum(instruments_create(c) for c in conventions.values())
    _ccw_members(conventions["CCW"])
    return created


def instruments_create(convention: Convention, *, named: str | None = None) -> int:
    """The instruments INSTRUMENTS lists under `named` (default: the
    convention's code), so a convention of any code can take the CCW's."""
    instrument_base(convention)
    created = 0
    for code, name, order, in_force in INSTRUMENTS.get(named or convention.code, []):
        names = {
            f"name_{lang}": text
            for lang, text in INSTRUMENT_NAMES.get(name, {}).items()
        }
        _, was_created = Instrument.objects.update_or_create(
            convention=convention,
            code=code,
            defaults={
                "name": name,
                "order": order,
                "is_base": order == 0,
                "entry_into_force": in_force,
                **names,
            },
        )
        created += was_created
    return created


def _ccw_members(ccw: Convention) -> None:
    """The CCW's illustrative parties (ism.demo) bound by every instrument."""
    parties = State.objects.filter(participations__convention=ccw)
    for instrument in ccw.instruments.filter(is_base=False):
        for state in parties:
            InstrumentMembership.objects.get_or_create(
                instrument=instrument,
                state=state,
                defaults={
                    "status": InstrumentMembership.Status.PARTY,
                    "illustrative": True,
                },
            )


@transaction.atomic
def load_ccw_sample(reference_dir) -> int:
    """The sample's 127 High Contracting Parties and their protocols, flagged
    illustrative; importing it again changes nothing. Returns the States."""
    ccw = Convention.objects.get(code="CCW")
    text = (reference_dir / SAMPLE).read_text(encoding="utf-8")
    preview = memberships_import(
        convention=ccw, csv_text=text, actor=None, illustrative=True
    )
    return preview.states
