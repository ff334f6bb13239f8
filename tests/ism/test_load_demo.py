"""`manage.py load_demo`: the demo world from ism/reference/, loaded once however
often it runs, with one account per role that logs in through the login form."""

import datetime as dt
import json
import re
from io import StringIO
from pathlib import Path

import pycountry
from django.conf import settings
from django.core.management import call_command

from ism.demo import load_core
from ism.demo_people import DEMO_PASSWORD
from ism.models import (
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    OutgoingMail,
    Participation,
    Role,
    RoleAssignment,
    State,
    StateContact,
    User,
)
from ism.selectors import chair_on

REFERENCE = json.loads(
    (
        Path(settings.BASE_DIR)
        / "ism"
        / "reference"
        / "apmbc-2025-cooperation-committee.json"
    ).read_text(encoding="utf-8")
)
CORE_TABLES = [
    Convention,
    State,
    Participation,
    Committee,
    CommitteeMembership,
    CommitteeChair,
    User,
    RoleAssignment,
    AuditEvent,
    OutgoingMail,
    StateContact,
]


def iso3(name: str) -> str:
    """ISO 3166 alpha-3 of a State as the published documents name it."""
    return pycountry.countries.lookup(name).alpha_3


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


# `demo`: the demo world, loaded once for this module (tests/conftest.py).


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in CORE_TABLES}


def test_the_first_run_creates_every_state(db):
    # What load_demo's first run counts and prints as "195 States created".
    assert load_core()["states_created"] == 195


def test_it_creates_nothing_the_second_time(demo):
    # `demo` is the database as the first run left it (a copy of the run's demo:
    # loading it twice more here would cost two demo loads).
    after_first = counts()
    second_output = load_demo()

    assert counts() == after_first
    assert after_first["State"] == 195
    assert "0 States created this run" in second_output


def test_it_leaves_edited_rows_alone_the_second_time(demo):
    # "Changes nothing that is already there": a chair note edited after the first
    # run survives the second one.
    CommitteeChair.objects.update(note="edited")
    load_demo()
    assert set(CommitteeChair.objects.values_list("note", flat=True)) == {"edited"}


def test_it_loads_the_193_un_members_and_the_2_observer_states(demo):
    members = State.objects.filter(un_status=State.UNStatus.MEMBER)
    observers = State.objects.filter(un_status=State.UNStatus.OBSERVER)
    assert members.count() == 193
    assert set(observers.values_list("iso3", flat=True)) == {"VAT", "PSE"}
    assert State.objects.get(iso3="VAT").iso2 == "VA"
    assert State.objects.get(iso3="PSE").iso2 == "PS"


def test_it_takes_every_states_codes_from_iso_3166(demo):
    for state in State.objects.all():
        country = pycountry.countries.get(alpha_3=state.iso3)
        assert country is not None, state.iso3
        assert state.iso2 == country.alpha_2, state.iso3


def test_it_makes_every_state_of_the_reference_report_an_apmbc_state_party(demo):
    committee = REFERENCE["committee"]
    names = set(committee["members"])
    names |= {chair["state"] for chair in committee["chairs"]}
    names |= set(
        REFERENCE["article7_reporting"]["preliminary_observations_based_on_reports_of"]
    )
    parties = set(
        Participation.objects.filter(
            convention__code="APMBC", status=Participation.Status.PARTY
        ).values_list("state__iso3", flat=True)
    )
    expected = {iso3(name) for name in names}
    assert len(expected) == len(names) == 43
    assert expected <= parties, expected - parties


def test_it_seats_the_four_reference_members_on_the_cooperation_committee(demo):
    committee = Committee.objects.get(
        convention__code="APMBC", name=REFERENCE["committee"]["name"]
    )
    seated = set(committee.memberships.values_list("state__iso3", flat=True))
    assert seated == {iso3(name) for name in REFERENCE["committee"]["members"]}
    assert len(seated) == 4
    gender = committee.memberships.get(gender_focal_point=True)
    assert gender.state.iso3 == iso3(REFERENCE["committee"]["gender_focal_point"])


def chair_periods() -> list[tuple[str, dt.date, dt.date]]:
    """(alpha-3, first day, last day) of each chair, read from the reference text:
    "until": "end of the 2025 intersessional meetings (2025-06-20)"."""
    periods = []
    for chair in REFERENCE["committee"]["chairs"]:
        last = re.search(r"\((\d{4}-\d{2}-\d{2})\)", chair["until"])[1]
        periods.append(
            (
                iso3(chair["state"]),
                dt.date.fromisoformat(chair["from"]),
                dt.date.fromisoformat(last),
            )
        )
    return periods


def test_it_records_the_reference_chairs_of_the_cooperation_committee(demo):
    committee = Committee.objects.get(name=REFERENCE["committee"]["name"])
    periods = chair_periods()
    assert [alpha3 for alpha3, _, _ in periods] == ["DNK", "TUR"]  # Denmark, Türkiye
    for alpha3, first, last in periods:
        middle = first + (last - first) / 2
        for day in (first, middle, last):
            chair = chair_on(committee, day)
            assert chair is not None and chair.state.iso3 == alpha3, day
    # One chair hands over to the next with no gap and no overlap.
    (_, _, denmark_last), (_, turkiye_first, turkiye_last) = periods
    assert turkiye_first == denmark_last + dt.timedelta(days=1)
    assert chair_on(committee, turkiye_last + dt.timedelta(days=1)) is None


def test_it_has_denmark_chair_in_march_and_turkiye_in_july(demo):
    committee = Committee.objects.get(name=REFERENCE["committee"]["name"])
    (denmark, _, denmark_last), (turkiye, turkiye_first, _) = chair_periods()
    march = dt.date(2025, 3, 1)
    july = dt.date(2025, 7, 1)
    # The brief's dates fall inside the periods the reference gives.
    assert march <= denmark_last and july >= turkiye_first
    assert chair_on(committee, march).state.iso3 == denmark
    assert chair_on(committee, july).state.iso3 == turkiye


def test_it_sets_up_the_three_conventions(demo):
    assert dict(Convention.objects.values_list("code", "currency")) == {
        "APMBC": "CHF",
        "CCM": "CHF",
        "CCW": "USD",
    }
    # Article 7: annual report by 30 April; CCW protocols: 31 March.
    apmbc = Convention.objects.get(code="APMBC")
    assert apmbc.annual_report_due(2025) == dt.date(2026, 4, 30)
    assert Convention.objects.get(code="CCW").annual_report_due(2025) == dt.date(
        2026, 3, 31
    )


def test_it_creates_one_demo_user_per_role(demo):
    roles = {
        role: set(
            RoleAssignment.objects.filter(role=role).values_list(
                "user__username", flat=True
            )
        )
        for role in Role.values
    }
    for role, usernames in roles.items():
        assert usernames, f"no demo user is {role}"
    assert User.objects.filter(is_superuser=True).exists()
    # The demo focal point acts for a State that is a party to that convention.
    focal = RoleAssignment.objects.get(role=Role.FOCAL_POINT)
    assert Participation.objects.filter(
        state=focal.state,
        convention=focal.convention,
        status=Participation.Status.PARTY,
    ).exists()


def test_every_demo_user_logs_in_with_the_demo_password(demo, client):
    usernames = list(User.objects.values_list("username", flat=True))
    assert len(usernames) >= len(Role.values) + 1  # and the administrator
    for username in usernames:
        client.logout()
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert response.url == "/", username
        assert client.get("/").status_code == 200, username


def test_a_demo_user_does_not_log_in_with_a_wrong_password(demo, client):
    response = client.post(
        "/accounts/login/", {"username": "auditor", "password": "not-the-password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
