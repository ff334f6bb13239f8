"""Parties in bulk (ism.parties_import): the CCW's participation table in the UN
Treaty Collection's shape, previewed, recorded once, and refused whole when a
name matches no State."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ism.demo import REFERENCE_DIR
from ism.demo_instruments import SAMPLE, instruments_create
from ism.models import AuditEvent, InstrumentMembership, Participation, Role, State
from ism.parties import MEMBERSHIP, MIRRORED
from ism.parties_import import memberships_import, memberships_read
from ism.selectors import instruments_of, is_member, members_of
from ism.services import states_sync
from tests.factories import ConventionFactory, UserFactory, assign
from tests.queries import insert_statements, update_statements

pytestmark = pytest.mark.django_db
SAMPLE_TEXT = (REFERENCE_DIR / SAMPLE).read_text(encoding="utf-8")
HEADER = "Participant,Signature,Convention,P1,P2,P3,P4,APII,P5\n"
# The most queries a confirmed import may take, however many rows it has, on
# a database that writes each table in one statement (PostgreSQL).
QUERIES = 15
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def ccw(db):
    states_sync()
    convention = ConventionFactory(code="CCW", currency="USD")
    instruments_create(convention)
    return convention


def instrument(convention, code):
    return convention.instruments.get(code=code)


def test_the_sample_gives_127_parties_with_their_protocols(ccw):
    memberships_import(convention=ccw, csv_text=SAMPLE_TEXT, actor=None)

    today = dt.date(2026, 1, 1)
    assert members_of(instrument(ccw, "convention"), on=today).count() == 127
    assert (
        Participation.objects.filter(
            convention=ccw, status=Participation.Status.PARTY
        ).count()
        == 127
    )
    assert members_of(instrument(ccw, "p5"), on=today).count() == 93
    # Signed, never ratified: a signatory, bound by nothing.
    egypt = State.objects.get(iso3="EGY")
    assert list(instruments_of(egypt, ccw, on=today)) == []
    assert Participation.objects.get(state=egypt, convention=ccw).status == (
        Participation.Status.SIGNATORY
    )


def test_a_party_to_the_convention_but_not_protocol_v_is_not_a_member_of_it(ccw):
    memberships_import(convention=ccw, csv_text=SAMPLE_TEXT, actor=None)
    israel = State.objects.get(iso3="ISR")

    day = dt.date(2026, 3, 31)
    assert is_member(israel, instrument(ccw, "convention"), on=day)
    assert is_member(israel, instrument(ccw, "apii"), on=day)
    assert not is_member(israel, instrument(ccw, "p5"), on=day)


def test_entry_into_force_is_six_months_after_consent_and_withdrawal_ends_it(ccw):
    text = HEADER.replace("\n", ",P5 withdrawal\n") + (
        "Bolivia (Plurinational State of),,21 Sep 2001 a,,,,,,7 Jun 2010 a,1 Jan 2020\n"
    )
    memberships_import(convention=ccw, csv_text=text, actor=None)
    bolivia, p5 = State.objects.get(iso3="BOL"), instrument(ccw, "p5")
    membership = InstrumentMembership.objects.get(instrument=p5, state=bolivia)

    assert membership.consent_kind == InstrumentMembership.ConsentKind.ACCESSION
    assert membership.entry_into_force == dt.date(2010, 12, 7)
    assert not is_member(bolivia, p5, on=dt.date(2010, 12, 6))
    assert is_member(bolivia, p5, on=dt.date(2010, 12, 7))
    assert not is_member(bolivia, p5, on=dt.date(2020, 1, 1))
    # The Convention itself: never before the instrument entered into force.
    base = InstrumentMembership.objects.get(
        instrument__code="convention", state=bolivia
    )
    assert base.entry_into_force == dt.date(2002, 3, 21)


def test_importing_again_changes_nothing(ccw, django_assert_max_num_queries):
    memberships_import(convention=ccw, csv_text=SAMPLE_TEXT, actor=None)
    events = AuditEvent.objects.count()

    with django_assert_max_num_queries(QUERIES) as queries:
        again = memberships_import(convention=ccw, csv_text=SAMPLE_TEXT, actor=None)

    assert again.new == again.changed == 0
    assert again.same == InstrumentMembership.objects.count()
    assert AuditEvent.objects.count() == events
    # It only read: not a row written, not even one rewritten as it was.
    assert [q["sql"] for q in queries if q["sql"].startswith(WRITES)] == []


def bound(result, *, parties: int) -> int:
    """QUERIES, plus the further statements a backend with a parameter limit
    (SQLite) needs to write the import's rows: tests/queries.py."""
    rows = result.new + result.changed
    writes = (
        insert_statements(InstrumentMembership, result.new),
        update_statements(
            InstrumentMembership, result.changed, [*MEMBERSHIP, "illustrative"]
        ),
        insert_statements(Participation, parties),
        update_statements(Participation, result.changed, [*MIRRORED, "illustrative"]),
        insert_statements(AuditEvent, rows),
    )
    return QUERIES + sum(max(n - 1, 0) for n in writes)


def test_the_import_takes_as_many_queries_for_127_states_as_for_10(ccw):
    """One read of what ISM has, then each table written in bulk: a query per
    row would take the 127-row sample (about 800 memberships) far past the
    bound the first ten rows keep to."""
    lines = SAMPLE_TEXT.splitlines(keepends=True)
    start = next(n for n, line in enumerate(lines) if line.startswith("Participant"))
    # The first ten States, every consent as a ratification (no mark).
    ten = "".join(lines[start : start + 11])
    ten = re.sub(r" (a|A|AA|d)(?=,|$)", "", ten, flags=re.MULTILINE)

    with CaptureQueriesContext(connection) as first_queries:
        first = memberships_import(convention=ccw, csv_text=ten, actor=None)
    with CaptureQueriesContext(connection) as whole_queries:
        whole = memberships_import(convention=ccw, csv_text=SAMPLE_TEXT, actor=None)

    assert (first.states, whole.states) == (10, 131)
    # The second import creates the Participations of the 121 States the first
    # did not have.
    limit = bound(whole, parties=whole.states - first.states)
    assert len(first_queries) <= bound(first, parties=first.states)
    assert len(whole_queries) <= limit
    # Row by row, the whole file would be hundreds: the bound (one statement
    # a table on PostgreSQL, a few batches on SQLite) is far below.
    assert limit < whole.new / 10
    # The ten States' accessions are changes to what the first import recorded.
    assert 0 < whole.changed < first.new
    assert whole.new == InstrumentMembership.objects.count() - first.new
    assert AuditEvent.objects.filter(verb="membership changed").count() == (
        whole.changed
    )
    recorded = AuditEvent.objects.filter(verb="membership recorded")
    # One event per membership, on it (each created row has its id back).
    assert sorted(recorded.values_list("object_id", flat=True)) == sorted(
        str(pk) for pk in InstrumentMembership.objects.values_list("pk", flat=True)
    )
    afghanistan = Participation.objects.get(convention=ccw, state__iso3="AFG")
    assert afghanistan.consent_kind == InstrumentMembership.ConsentKind.ACCESSION
    assert Participation.objects.filter(convention=ccw).count() == 131


def test_a_withdrawal_from_the_convention_leaves_a_former_party(ccw):
    header = HEADER.replace("\n", ",Convention withdrawal\n")
    memberships_import(
        convention=ccw,
        csv_text=header
        + "Norway,,22 Mar 1983,,,,,,,\nSweden,,22 Mar 1983,,,,,,,1 Jan 2020\n",
        actor=None,
    )
    norway = Participation.objects.get(convention=ccw, state__iso3="NOR")
    assert norway.status == Participation.Status.PARTY
    sweden = Participation.objects.get(convention=ccw, state__iso3="SWE")
    assert sweden.status == Participation.Status.NOT_PARTY

    # Withdrawn since 2020: recorded on the membership, no longer a party.
    memberships_import(
        convention=ccw,
        csv_text=header + "Norway,,22 Mar 1983,,,,,,,1 Jan 2020\n",
        actor=None,
    )
    norway.refresh_from_db()
    assert norway.status == Participation.Status.NOT_PARTY
    membership = InstrumentMembership.objects.get(
        instrument__code="convention", state__iso3="NOR"
    )
    assert membership.status == InstrumentMembership.Status.PARTY
    assert membership.withdrawal == dt.date(2020, 1, 1)


def test_a_changed_date_is_updated_and_audited(ccw):
    memberships_import(
        convention=ccw, csv_text=HEADER + "Norway,,22 Mar 1983,,,,,,\n", actor=None
    )
    changed = memberships_import(
        convention=ccw, csv_text=HEADER + "Norway,,23 Mar 1983,,,,,,\n", actor=None
    )

    assert (changed.new, changed.changed) == (0, 1)
    membership = InstrumentMembership.objects.get(state__iso3="NOR")
    assert membership.consent_date == dt.date(1983, 3, 23)
    event = AuditEvent.objects.filter(verb="membership changed").get()
    assert event.object_id == str(membership.pk)
    assert event.changes["consent_date"] == ["1983-03-22", "1983-03-23"]
    assert Participation.objects.get(state__iso3="NOR").consent_date == dt.date(
        1983, 3, 23
    )


def test_unknown_names_are_refused_together_and_nothing_is_recorded(ccw):
    text = HEADER + "Norway,,22 Mar 1983,,,,,,\nNorwey,,,,,,,,\nAtlantis,,,,,,,,\n"

    with pytest.raises(ValidationError) as refused:
        memberships_import(convention=ccw, csv_text=text, actor=None)

    [message, *_] = refused.value.message_dict["file"]
    assert '"Norwey" (did you mean Norway?)' in message
    assert '"Atlantis"' in message
    assert not InstrumentMembership.objects.filter(instrument__convention=ccw).exists()


def test_dates_out_of_order_are_refused_and_nothing_is_recorded(ccw):
    header = HEADER.replace("\n", ",P5 withdrawal\n")
    text = header + (
        "Norway,,22 Mar 1983,,,,,,,\n"
        # Withdrawn from Protocol V before consenting to it: a row the
        # database's rules would refuse, named before anything is written.
        "Sweden,,,,,,,,7 Jun 2010,1 Jan 2009\n"
    )

    with pytest.raises(ValidationError) as refused:
        memberships_import(convention=ccw, csv_text=text, actor=None)

    assert refused.value.message_dict["file"] == [
        "Row 3, Protocol V: withdrawal effective is before entry into force."
    ]
    assert not InstrumentMembership.objects.filter(instrument__convention=ccw).exists()
    assert not AuditEvent.objects.exists()


def test_a_bad_date_and_an_unknown_column_are_named(ccw):
    with pytest.raises(ValidationError) as refused:
        memberships_read(convention=ccw, csv_text="Participant,P9\nNorway,1 Jan 2000\n")
    assert "P9" in refused.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as refused:
        memberships_read(convention=ccw, csv_text=HEADER + "Norway,,31 Feb 1983\n")
    assert "Row 2" in refused.value.message_dict["file"][0]


def test_the_command_previews_then_records(ccw, tmp_path):
    path = tmp_path / "ccw.csv"
    path.write_text(SAMPLE_TEXT, encoding="utf-8")
    out = StringIO()

    call_command("import_parties", str(path), "--convention", "ccw", stdout=out)
    assert not InstrumentMembership.objects.filter(instrument__convention=ccw).exists()
    assert "Preview only" in out.getvalue()
    call_command("import_parties", str(path), "--convention", "ccw", "--confirm")
    assert (
        members_of(instrument(ccw, "convention"), on=dt.date(2026, 1, 1)).count() == 127
    )

    path.write_text(HEADER + "Narnia,,,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Narnia"):
        call_command("import_parties", str(path), "--convention", "ccw")


def test_staff_preview_then_confirm_on_the_page(client, ccw):
    staff = UserFactory(username="staff-ccw")
    assign(staff, Role.ISU_STAFF, convention=ccw)
    client.force_login(staff)
    url = reverse("parties-import", args=["CCW"])
    upload = SimpleUploadedFile("ccw.csv", SAMPLE_TEXT.encode(), "text/csv")

    preview = client.post(url, {"action": "preview", "file": upload})
    assert preview.status_code == 200
    assert "Zambia" in preview.content.decode()
    assert not InstrumentMembership.objects.filter(instrument__convention=ccw).exists()

    confirmed = client.post(
        url, {"action": "confirm", "csv_text": preview.context["csv_text"]}
    )
    assert confirmed.status_code == 302
    assert members_of(instrument(ccw, "p5"), on=dt.date(2026, 1, 1)).count() == 93
    assert AuditEvent.objects.filter(verb="membership recorded", actor=staff).exists()


def test_the_page_shows_unknown_names_and_records_nothing(client, ccw):
    staff = UserFactory(username="staff-ccw")
    assign(staff, Role.ISU_STAFF, convention=ccw)
    client.force_login(staff)
    upload = SimpleUploadedFile("x.csv", (HEADER + "Norwey,,,,,,,,\n").encode())

    response = client.post(
        reverse("parties-import", args=["CCW"]), {"action": "preview", "file": upload}
    )

    assert response.status_code == 400
    assert "did you mean Norway?" in response.content.decode()


def test_the_demo_loads_the_sample_as_illustrative_twice_alike(ccw):
    from ism.demo_instruments import load_ccw_sample

    assert load_ccw_sample(REFERENCE_DIR) == 131  # 127 parties, 4 signatories
    count = InstrumentMembership.objects.count()
    load_ccw_sample(REFERENCE_DIR)

    assert InstrumentMembership.objects.count() == count
    assert not InstrumentMembership.objects.filter(illustrative=False).exists()
    assert ccw.instruments.get(code="apii").name_fr == "Protocole II modifié"
