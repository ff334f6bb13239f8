"""Issue 17's done-means: the CCW built from data alone. The convention's code is
one ISM has never heard of ("XCW"), so nothing can branch on "CCW": its words
come from the CCW's vocabulary (ism/reference/vocabularies.json), its
instruments and report types from the CCW's data rows, its ~127 parties from the
sample CSV through the import service. Then its meetings are titled in its
own words, each national report is owed only by the parties to its instrument,
the Protocol V rate counts Protocol V's parties (as many as the CSV lists) and
the reminders after 31 March go to those who owe and have not submitted."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from django.utils import timezone

from ism.demo import REFERENCE_DIR
from ism.demo_instruments import SAMPLE, instruments_create
from ism.models import OutgoingMail, Participation, Role, State, StateContact
from ism.parties_import import memberships_import
from ism.services import states_sync
from meetings.services.meetings import meeting_create
from reporting import selectors, services
from reporting.demo_types import ccw_types_create
from reporting.selectors.owed import types_of_state
from tests.factories import ConventionFactory, UserFactory, assign
from tests.reporting.helpers import mark_all

pytestmark = pytest.mark.django_db

SAMPLE_TEXT = (REFERENCE_DIR / SAMPLE).read_text(encoding="utf-8")
COVERED = 2025  # reports on 2025 are due on 31 March 2026
SUBMITTED_ON = dt.date(2026, 3, 20)
AFTER_DUE = dt.date(2026, 4, 2)


def _csv_counts() -> dict[str, int]:
    """How many States the sample itself lists per instrument column. Every
    consent in it is older than mid-2024, so each is bound by the end of 2025."""
    lines = (line for line in SAMPLE_TEXT.splitlines() if not line.startswith("#"))
    header, *rows = list(csv.reader(lines))
    counts = {}
    for index, column in enumerate(header[2:], start=2):
        filled = [row[index] for row in rows if row[index].strip()]
        assert all(int(cell.split()[2]) < 2024 for cell in filled)
        counts[column.casefold()] = len(filled)
    return counts


@pytest.fixture
def xcw():
    """A convention under a code no code path knows, given the CCW's data."""
    states_sync()
    convention = ConventionFactory(
        code="XCW",
        currency="USD",
        vocabulary="CCW",
        report_types=False,
        initial_report_days=None,
        annual_report_month=3,
        annual_report_day=31,
    )
    instruments_create(convention, named="CCW")
    ccw_types_create(convention)
    staff = UserFactory(username="xcw-staff")
    assign(staff, Role.ISU_STAFF, convention=convention)
    memberships_import(convention=convention, csv_text=SAMPLE_TEXT, actor=staff)
    return convention, staff


def _types(convention):
    return {t.code: t for t in selectors.report_types(convention)}


def _submit(report_type, state):
    report = services.report_start(
        report_type=report_type,
        state=state,
        year=COVERED,
        actor=None,
        today=SUBMITTED_ON,
        carry_over=False,
    )
    mark_all(report)
    services.report_submit(
        report=report, actor=None, today=SUBMITTED_ON, publication_consent=True
    )


def test_the_parties_come_from_the_csv_with_their_protocols(xcw):
    convention, _staff = xcw
    counts = _csv_counts()
    party = Participation.Status.PARTY
    assert counts["convention"] == 127
    assert (
        Participation.objects.filter(convention=convention, status=party).count() == 127
    )
    assert {i.code for i in convention.instruments.all()} == {
        "convention",
        "p1",
        "p2",
        "p3",
        "p4",
        "apii",
        "p5",
    }
    for code in ("p1", "p2", "p3", "p4", "apii", "p5"):
        members = convention.instruments.get(code=code).memberships
        assert members.filter(status=party).count() == counts[code], code


def test_its_meetings_are_titled_in_its_own_words(xcw):
    convention, staff = xcw
    start = timezone.localdate() + dt.timedelta(days=30)
    where = {"start": start, "end": start, "venue": "Geneva", "title": ""}
    gge = meeting_create(
        convention=convention, data={**where, "kind": "gge"}, actor=staff
    )
    msp = meeting_create(
        convention=convention,
        data={**where, "kind": "msp", "number": 26},
        actor=staff,
    )

    assert (gge.title, gge.committee, gge.is_committee_meeting) == (
        "Group of Governmental Experts",
        None,
        False,
    )
    assert msp.title == "Twenty-Sixth Meeting of the High Contracting Parties"
    assert msp.title_fr == "Vingt-sixième Réunion des Hautes Parties contractantes"
    assert msp.title_es == "Vigésima Sexta Reunión de las Altas Partes Contratantes"


def test_each_national_report_is_owed_by_the_parties_to_its_instrument(xcw):
    convention, _staff = xcw
    types = _types(convention)
    counts = _csv_counts()
    # Afghanistan: party to the Convention and Amended Protocol II, not Protocol V.
    afghanistan = State.objects.get(iso3="AFG")
    albania = State.objects.get(iso3="ALB")
    owed = lambda state: [t.code for t, _row in types_of_state(state, convention)]  # noqa: E731
    assert owed(afghanistan) == ["compliance", "apii"]
    assert owed(albania) == ["compliance", "apii", "pv"]

    pv_owing = selectors.annual_obligations(types["pv"], [COVERED], today=AFTER_DUE)
    assert afghanistan not in {row.state for row in pv_owing[COVERED]}
    assert len(pv_owing[COVERED]) == counts["p5"]

    _submit(types["pv"], albania)
    rates = {
        code: selectors.reporting_rates(types[code], [COVERED], today=AFTER_DUE)[0]
        for code in ("compliance", "apii", "pv")
    }
    assert rates["compliance"].parties == counts["convention"]
    assert rates["apii"].parties == counts["apii"]
    assert (rates["pv"].parties, rates["pv"].on_time) == (counts["p5"], 1)
    assert rates["compliance"].on_time == 0


def test_reminders_after_31_march_follow_the_instruments(
    xcw, django_capture_on_commit_callbacks
):
    convention, _staff = xcw
    types = _types(convention)
    afghanistan, albania, algeria = (
        State.objects.get(iso3=code) for code in ("AFG", "ALB", "DZA")
    )
    for state in (afghanistan, albania, algeria):
        StateContact.objects.create(
            state=state,
            convention=convention,
            recipient="Permanent Mission",
            address="Geneva",
            emails=f"mission@{state.iso3.lower()}.example",
        )
    _submit(types["pv"], algeria)  # Algeria is party to Protocol V and reported

    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=AFTER_DUE, convention=convention)

    keys = set(OutgoingMail.objects.values_list("key", flat=True))
    pv = f"report:XCW-pv:{COVERED}"
    assert f"{pv}:ALB:due" in keys
    assert not any(key.startswith(f"{pv}:AFG") for key in keys)
    assert not any(key.startswith(f"{pv}:DZA") for key in keys)
    assert f"report:XCW-compliance:{COVERED}:AFG:due" in keys
    assert f"report:XCW-apii:{COVERED}:AFG:due" in keys
    assert len([key for key in keys if key.startswith(pv)]) == 1
    mail = OutgoingMail.objects.get(key=f"{pv}:ALB:due")
    assert "Protocol V report" in mail.body


def test_a_focal_point_sees_only_the_reports_its_state_owes(xcw, client_for):
    convention, _staff = xcw
    afghanistan = State.objects.get(iso3="AFG")
    focal = UserFactory(username="focal-afg")
    assign(focal, Role.FOCAL_POINT, convention=convention, state=afghanistan)
    client = client_for(focal)
    page = "/reporting/states/AFG/XCW/"

    assert client.get(f"{page}?type=apii").status_code == 200
    assert client.get(f"{page}?type=pv").status_code == 404
