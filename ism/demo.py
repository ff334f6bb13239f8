"""Demo data for `load_demo`: idempotent, and honest about what is illustrative.

Facts come from the reference files in ism/reference/ (copies of the published
documents' figures). Where the demo needs more than the documents say (treaty
dates, committee terms, which States sit on the Coordinating Committee), rows are
flagged illustrative and pages say so.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pycountry
from django.db import transaction

from ism.demo_instruments import load_instruments
from ism.models import (
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Participation,
    State,
)
from ism.parties import participation_mirror
from ism.services import states_sync
from ism.un_members import NAME_ALIASES
from ism.vocabulary import vocabulary_for, vocabulary_load

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

CONVENTIONS = [
    {
        "code": "APMBC",
        "short_name": "Mine Ban Convention",
        "name": (
            "Convention on the Prohibition of the Use, Stockpiling, Production and "
            "Transfer of Anti-Personnel Mines and on their Destruction"
        ),
        "currency": "CHF",
        "host": "Geneva International Centre for Humanitarian Demining (GICHD)",
        "financing_model": Convention.Financing.VOLUNTARY,
        "action_plan_name": "Siem Reap-Angkor Action Plan",
        "action_plan_start": 2025,
        "action_plan_end": 2029,
        "report_name": "Article 7 report",
        "initial_report_days": 180,
        "annual_report_month": 4,
        "annual_report_day": 30,
    },
    {
        "code": "CCM",
        "short_name": "Convention on Cluster Munitions",
        "name": "Convention on Cluster Munitions",
        "currency": "CHF",
        "host": "Geneva International Centre for Humanitarian Demining (GICHD)",
        "financing_model": Convention.Financing.MIXED,
        "action_plan_name": "Lausanne Action Plan",
        "action_plan_start": 2021,
        "action_plan_end": 2026,
        "report_name": "Article 7 report",
        "initial_report_days": 180,
        "annual_report_month": 4,
        "annual_report_day": 30,
    },
    {
        "code": "CCW",
        "short_name": "Convention on Certain Conventional Weapons",
        "name": (
            "Convention on Prohibitions or Restrictions on the Use of Certain "
            "Conventional Weapons Which May Be Deemed to Be Excessively Injurious or "
            "to Have Indiscriminate Effects"
        ),
        "currency": "USD",
        "host": "United Nations Office for Disarmament Affairs (UNODA)",
        "financing_model": Convention.Financing.ASSESSED,
        "action_plan_name": "",
        "action_plan_start": None,
        "action_plan_end": None,
        "report_name": "Amended Protocol II and Protocol V national annual report",
        "initial_report_days": None,
        "annual_report_month": 3,
        "annual_report_day": 31,
    },
]

# Illustrative: a handful of States Parties of the CCM and the CCW so those
# conventions are not empty in the demo. Not a statement of treaty status.
ILLUSTRATIVE_PARTIES = {
    "CCM": ["NOR", "CHE", "DEU", "FRA", "JPN", "NZL", "IRQ", "LAO", "GBR", "CAN"],
    "CCW": ["NOR", "CHE", "DEU", "FRA", "JPN", "USA", "CHN", "GBR", "CAN", "PAK"],
}


# Illustrative: the UN language each of these States usually works in with the
# ISUs (State.working_language; a State's contact can name another per
# convention). Not taken from any State's communication.
ILLUSTRATIVE_WORKING_LANGUAGES = {
    "FRA": "fr",
    "SEN": "fr",
    "PER": "es",
    "CHN": "zh-hans",
    "RUS": "ru",
    "EGY": "ar",
}


COORDINATING = "Coordinating Committee"
COOPERATION = "Committee on the Enhancement of Cooperation and Assistance"


def state_by_name(name: str) -> State:
    alpha3 = NAME_ALIASES.get(name) or pycountry.countries.lookup(name).alpha_3
    return State.objects.get(iso3=alpha3)


def reference(name: str) -> dict:
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


def _reference_state_names() -> set[str]:
    committee = reference("apmbc-2025-cooperation-committee.json")
    names = set(committee["committee"]["members"])
    names |= set(
        committee["article7_reporting"]["preliminary_observations_based_on_reports_of"]
    )
    names |= {chair["state"] for chair in committee["committee"]["chairs"]}
    return names


def _demo_party(state: State, convention: Convention) -> None:
    """An illustrative State Party, with its base instrument's membership."""
    participation, created = Participation.objects.get_or_create(
        state=state,
        convention=convention,
        defaults={"status": Participation.Status.PARTY, "illustrative": True},
    )
    if created:
        participation_mirror(participation)


@transaction.atomic
def load_core() -> dict[str, int]:
    """Conventions, States, participations, committees and demo users."""
    counts = {"states_created": states_sync()}
    conventions = {}
    for data in CONVENTIONS:
        convention, _ = Convention.objects.update_or_create(
            code=data["code"], defaults={k: v for k, v in data.items() if k != "code"}
        )
        conventions[convention.code] = convention
        # Its own words: "High Contracting Parties", its kinds of meeting and
        # their titles, its obligations (ism/reference/vocabularies.json).
        vocabulary_load(convention=convention, data=vocabulary_for(convention.code))

    # Every State named in the reference files is an APMBC State Party (they report
    # under Article 7 or sit on its committees). Dates are not in the documents.
    for name in sorted(_reference_state_names()):
        _demo_party(state_by_name(name), conventions["APMBC"])
    _demo_party(State.objects.get(iso3="NOR"), conventions["APMBC"])
    for code, iso3s in ILLUSTRATIVE_PARTIES.items():
        for iso3 in iso3s:
            _demo_party(State.objects.get(iso3=iso3), conventions[code])
    load_instruments(conventions)

    for iso3, language in ILLUSTRATIVE_WORKING_LANGUAGES.items():
        State.objects.filter(iso3=iso3, working_language="en").update(
            working_language=language
        )

    _load_cooperation_committee(conventions["APMBC"])
    for code in ("APMBC", "CCM"):
        coordinating, _ = Committee.objects.get_or_create(
            convention=conventions[code],
            name=COORDINATING,
            defaults={"kind": Committee.Kind.COORDINATING},
        )
        # Illustrative membership: the Coordinating Committee's real composition
        # (President, committee chairs) changes each year.
        for iso3 in ("NOR", "CHE"):
            CommitteeMembership.objects.get_or_create(
                committee=coordinating,
                state=State.objects.get(iso3=iso3),
                term_start=dt.date(2025, 1, 1),
                defaults={"term_end": dt.date(2026, 12, 31)},
            )

    # The personas' accounts (ism.demo_people), once the committees exist.
    from ism.demo_people import demo_users_load

    demo_users_load(conventions)
    counts["conventions"] = len(conventions)
    # What each instrument's parties report, with the conventions (issue 17).
    from reporting.demo_types import load_types

    counts["report_types"] = load_types()
    return counts


def _load_cooperation_committee(apmbc: Convention) -> Committee:
    data = reference("apmbc-2025-cooperation-committee.json")["committee"]
    committee, _ = Committee.objects.get_or_create(
        convention=apmbc, name=data["name"], defaults={"kind": Committee.Kind.THEMATIC}
    )
    # Two-year terms; the chair comes from the members in their second year, so the
    # 2025 chairs (Denmark, Türkiye) joined in 2024 and the others in 2025.
    chairs = {chair["state"] for chair in data["chairs"]}
    for name in data["members"]:
        first_year = 2024 if name in chairs else 2025
        CommitteeMembership.objects.get_or_create(
            committee=committee,
            state=state_by_name(name),
            term_start=dt.date(first_year, 1, 1),
            defaults={
                "term_end": dt.date(first_year + 1, 12, 31),
                "gender_focal_point": name == data["gender_focal_point"],
            },
        )
    for chair in data["chairs"]:
        start = dt.date.fromisoformat(chair["from"])
        end = dt.date.fromisoformat(chair["until"].split("(")[-1].rstrip(")"))
        CommitteeChair.objects.get_or_create(
            committee=committee,
            state=state_by_name(chair["state"]),
            start=start,
            defaults={"end": end, "note": chair["until"]},
        )
    return committee
