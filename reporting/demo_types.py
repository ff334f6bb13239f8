"""The report types of the demo's three conventions (issue 17), loaded by
`load_demo` with the conventions (ism.demo.load_core): idempotent.

* APMBC and CCM: the Article 7 report, owed by the parties to the Convention,
  on the convention's dates (initial report within 180 days of entry into
  force, annual report by 30 April), forms A–J; no consent asked, every report
  is published (Article 7(3): the Secretary-General transmits them to the
  States Parties).
* CCW: three national reports, all due on 31 March on the previous calendar year
  (CCW/AP.II/CONF.12/6, para 26, synchronised the dates): the compliance
  mechanism's national annual report, owed by the High Contracting Parties to the
  Convention (CCW/CONF.III/11, Annex II); the Amended Protocol II Article 13(4)
  report, owed by its parties; the Protocol V Article 10(2)(b) report, owed by
  its parties. Each report says whether the State agrees to its publication.

The CCW's illustrative parties in ism.demo are parties to Amended Protocol II and
Protocol V as well (so they are in fact); their memberships are flagged
illustrative, without dates, like their Participation.
"""

from __future__ import annotations

from django.db import transaction

from ism.models import Convention, Instrument, InstrumentMembership, Participation
from ism.parties import instrument_base
from reporting.services.types import article7_type, report_type_save

ARTICLE7_NAMES = {
    "fr": "Rapport au titre de l'article 7",
    "es": "Informe en virtud del artículo 7",
    "ru": "Доклад по статье 7",
    "ar": "تقرير المادة 7",
    "zh_hans": "第7条报告",
}

# (instrument code, its name with translations, order)
CCW_PROTOCOLS = {
    "apii": (
        "Amended Protocol II",
        {
            "fr": "Protocole II modifié",
            "es": "Protocolo II Enmendado",
            "ru": "Дополненный Протокол II",
            "ar": "البروتوكول الثاني المعدل",
            "zh_hans": "经修正的第二号议定书",
        },
        3,
    ),
    "p5": (
        "Protocol V",
        {
            "fr": "Protocole V",
            "es": "Protocolo V",
            "ru": "Протокол V",
            "ar": "البروتوكول الخامس",
            "zh_hans": "第五号议定书",
        },
        6,
    ),
}

# (type code, instrument code, form set, name, translations)
CCW_REPORTS = [
    (
        "compliance",
        None,  # the Convention itself
        "CCW-CM",
        "National annual report (compliance mechanism)",
        {
            "fr": "Rapport national annuel (mécanisme de respect)",
            "es": "Informe nacional anual (mecanismo de cumplimiento)",
            "ru": "Ежегодный национальный доклад (механизм соблюдения)",
            "ar": "التقرير الوطني السنوي (آلية الامتثال)",
            "zh_hans": "国家年度报告（遵约机制）",
        },
    ),
    (
        "apii",
        "apii",
        "CCW-APII",
        "Amended Protocol II report (Article 13(4))",
        {
            "fr": "Rapport au titre du Protocole II modifié (article 13, par. 4)",
            "es": "Informe del Protocolo II Enmendado (artículo 13, párrafo 4)",
            "ru": "Доклад по дополненному Протоколу II (статья 13(4))",
            "ar": "تقرير البروتوكول الثاني المعدل (المادة 13(4))",
            "zh_hans": "经修正的第二号议定书报告（第13条第4款）",
        },
    ),
    (
        "pv",
        "p5",
        "CCW-PV",
        "Protocol V report (Article 10(2)(b))",
        {
            "fr": "Rapport au titre du Protocole V (article 10, par. 2 b))",
            "es": "Informe del Protocolo V (artículo 10, párrafo 2 b))",
            "ru": "Доклад по Протоколу V (статья 10(2)(b))",
            "ar": "تقرير البروتوكول الخامس (المادة 10(2)(ب))",
            "zh_hans": "第五号议定书报告（第10条第2款(b)项）",
        },
    ),
]


def _protocol(ccw: Convention, code: str) -> Instrument:
    name, names, order = CCW_PROTOCOLS[code]
    instrument, created = Instrument.objects.get_or_create(
        convention=ccw,
        code=code,
        defaults={"name": name, "order": order, "is_base": False},
    )
    if created:
        for language, text in names.items():
            setattr(instrument, f"name_{language}", text)
        instrument.save()
    # The illustrative parties of the Convention, parties to the protocol too.
    for participation in Participation.objects.filter(
        convention=ccw, status=Participation.Status.PARTY, illustrative=True
    ):
        InstrumentMembership.objects.get_or_create(
            instrument=instrument,
            state_id=participation.state_id,
            defaults={
                "status": InstrumentMembership.Status.PARTY,
                "illustrative": True,
            },
        )
    return instrument


@transaction.atomic
def load_types() -> int:
    """Every demo convention's report types; returns how many there are."""
    count = 0
    for code in ("APMBC", "CCM"):
        convention = Convention.objects.filter(code=code).first()
        if convention is not None:
            count += article7_type(convention, names=ARTICLE7_NAMES) is not None
    ccw = Convention.objects.filter(code="CCW").first()
    if ccw is None:
        return count
    return count + ccw_types_create(ccw)


def ccw_types_create(convention: Convention) -> int:
    """The CCW's three national reports (CCW_REPORTS) on `convention`, whatever
    its code: each owed by the parties to its instrument. Returns how many."""
    count = 0
    for order, (code, instrument_code, form_set, name, names) in enumerate(
        CCW_REPORTS, start=1
    ):
        instrument = (
            instrument_base(convention)
            if instrument_code is None
            else _protocol(convention, instrument_code)
        )
        report_type_save(
            convention=convention,
            code=code,
            instrument=instrument,
            name=name,
            names=names,
            form_set=form_set,
            annual=(3, 31),
            asks_publication_consent=True,
            order=order,
            actor=None,
        )
        count += 1
    return count
