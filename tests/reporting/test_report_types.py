"""Report types per instrument (issue 17): the CCW's three national reports, each
owed only by the parties to its instrument, with its own forms, rate, reminders
and publication consent; the Article 7 report as it always was."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ism.models import (
    Instrument,
    InstrumentMembership,
    OutgoingMail,
    Role,
    StateContact,
)
from ism.parties import instrument_base
from reporting import selectors, services
from reporting.models import Report
from reporting.services.types import report_type_save
from tests.factories import ConventionFactory, UserFactory, assign
from tests.reporting.helpers import mark_all, party

COVERED = 2024
BEFORE_DUE = dt.date(2025, 3, 1)  # the CCW's reports on 2024 are due 31 March 2025
DUE = dt.date(2025, 3, 31)


def _instrument(ccw, code, name, order):
    return Instrument.objects.create(convention=ccw, code=code, name=name, order=order)


def _member(instrument, state, eif=dt.date(2010, 1, 1)):
    return InstrumentMembership.objects.create(
        instrument=instrument,
        state=state,
        status=InstrumentMembership.Status.PARTY,
        consent_date=eif - dt.timedelta(days=180),
        entry_into_force=eif,
    )


@pytest.fixture
def ccw_world(db):
    """The CCW with its three national reports; Protolia is party to the
    Convention, Amended Protocol II and Protocol V, Conventia to the Convention
    only."""
    ccw = ConventionFactory(
        code="CCW",
        currency="USD",
        initial_report_days=None,
        annual_report_month=3,
        annual_report_day=31,
        report_types=False,
    )
    base = instrument_base(ccw)
    apii = _instrument(ccw, "apii", "Amended Protocol II", 2)
    pv = _instrument(ccw, "p5", "Protocol V", 6)
    common = {"convention": ccw, "annual": (3, 31), "actor": None}
    types = {
        "compliance": report_type_save(
            code="compliance",
            instrument=base,
            name="National annual report (compliance mechanism)",
            form_set="CCW-CM",
            asks_publication_consent=True,
            order=1,
            **common,
        ),
        "apii": report_type_save(
            code="apii",
            instrument=apii,
            name="Amended Protocol II report (Article 13(4))",
            form_set="CCW-APII",
            asks_publication_consent=True,
            order=2,
            **common,
        ),
        "pv": report_type_save(
            code="pv",
            instrument=pv,
            name="Protocol V report (Article 10(2)(b))",
            form_set="CCW-PV",
            asks_publication_consent=True,
            order=3,
            **common,
        ),
    }
    protolia = party(ccw, name="Protolia")
    conventia = party(ccw, name="Conventia")
    _member(apii, protolia)
    _member(pv, protolia)
    return ccw, types, protolia, conventia


def _submitted(report_type, state, *, consent=True, on=BEFORE_DUE):
    report = services.report_start(
        report_type=report_type,
        state=state,
        year=COVERED,
        actor=None,
        today=on,
        carry_over=False,
    )
    mark_all(report)
    version = services.report_submit(
        report=report, actor=None, today=on, publication_consent=consent
    )
    report.refresh_from_db()
    return report, version


def _version(form):
    form.report = Report.objects.get(pk=form.report_id)
    return services.form_version(form)


def _owing(report_type):
    rows = selectors.annual_obligations(report_type, [COVERED], today=DUE)[COVERED]
    return sorted(row.state.name for row in rows)


def test_a_party_to_the_convention_but_not_protocol_v_owes_no_protocol_v_report(
    ccw_world,
):
    _ccw, types, _protolia, _conventia = ccw_world
    assert _owing(types["compliance"]) == ["Conventia", "Protolia"]
    assert _owing(types["apii"]) == ["Protolia"]
    assert _owing(types["pv"]) == ["Protolia"]


def test_the_protocol_v_rate_counts_only_those_who_owe_it(ccw_world):
    _ccw, types, protolia, _conventia = ccw_world
    _submitted(types["pv"], protolia)
    (pv_rate,) = selectors.reporting_rates(types["pv"], [COVERED], today=DUE)
    assert (pv_rate.parties, pv_rate.on_time, pv_rate.submitted_pct) == (1, 1, 100)
    (compliance,) = selectors.reporting_rates(types["compliance"], [COVERED], today=DUE)
    assert (compliance.parties, compliance.on_time) == (2, 0)


def test_a_withdrawal_ends_what_a_state_owes(ccw_world):
    _ccw, types, protolia, _conventia = ccw_world
    InstrumentMembership.objects.filter(
        instrument=types["pv"].instrument, state=protolia
    ).update(withdrawal=dt.date(2023, 6, 30))
    rows = selectors.annual_obligations(types["pv"], [2023, 2024], today=DUE)
    assert [r.state.name for r in rows[2023]] == ["Protolia"]
    assert rows[2024] == []


def test_no_protocol_v_reminder_goes_to_a_state_not_party_to_it(
    ccw_world, django_capture_on_commit_callbacks
):
    ccw, _types, protolia, conventia = ccw_world
    for state in (protolia, conventia):
        StateContact.objects.create(
            state=state,
            convention=ccw,
            recipient="Permanent Mission",
            address="Geneva",
            emails=f"mission@{state.name.lower()}.example",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=DUE, convention=ccw)
    keys = sorted(OutgoingMail.objects.values_list("key", flat=True))
    p, c = protolia.iso3, conventia.iso3
    assert keys == sorted(
        [
            f"report:CCW-compliance:2024:{p}:due",
            f"report:CCW-compliance:2024:{c}:due",
            f"report:CCW-apii:2024:{p}:due",
            f"report:CCW-pv:2024:{p}:due",
        ]
    )
    mail = OutgoingMail.objects.get(key=f"report:CCW-pv:2024:{p}:due")
    assert "Protocol V report" in mail.body


def test_a_type_without_reminders_sends_none(
    ccw_world, django_capture_on_commit_callbacks
):
    ccw, types, protolia, _conventia = ccw_world
    types["pv"].reminders = False
    types["pv"].save()
    StateContact.objects.create(
        state=protolia,
        convention=ccw,
        recipient="Permanent Mission",
        address="Geneva",
        emails="mission@protolia.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(today=DUE, convention=ccw)
    assert not OutgoingMail.objects.filter(key__contains="CCW-pv").exists()


def test_each_type_has_its_own_forms(ccw_world):
    _ccw, types, protolia, _conventia = ccw_world
    codes = {
        code: list(
            services.report_start(
                report_type=report_type,
                state=protolia,
                year=COVERED,
                actor=None,
                today=BEFORE_DUE,
            )
            .forms.order_by("pk")
            .values_list("code", flat=True)
        )
        for code, report_type in types.items()
    }
    assert codes["compliance"] == ["CM-A", "CM-B", "CM-C", "CM-D"]
    assert codes["apii"] == [f"II-{n}" for n in range(1, 7)]
    assert codes["pv"] == [f"V-{n}" for n in range(1, 7)]


def test_a_state_not_party_to_protocol_v_cannot_open_its_report(ccw_world):
    _ccw, types, _protolia, conventia = ccw_world
    with pytest.raises(ValidationError, match="Protocol V"):
        services.report_start(
            report_type=types["pv"],
            state=conventia,
            year=COVERED,
            actor=None,
            today=BEFORE_DUE,
        )


def test_publication_consent_is_asked_and_kept_per_report(ccw_world):
    _ccw, types, protolia, _conventia = ccw_world
    report = services.report_start(
        report_type=types["pv"],
        state=protolia,
        year=COVERED,
        actor=None,
        today=BEFORE_DUE,
    )
    mark_all(report)
    with pytest.raises(ValidationError, match="agrees to the publication"):
        services.report_submit(report=report, actor=None, today=BEFORE_DUE)
    pv_version = services.report_submit(
        report=report, actor=None, today=BEFORE_DUE, publication_consent=False
    )
    pv_report = Report.objects.get(pk=report.pk)
    apii_report, apii_version = _submitted(types["apii"], protolia, consent=True)
    assert (pv_report.publication_consent, apii_report.publication_consent) == (
        False,
        True,
    )
    assert pv_version.snapshot["publication_consent"] is False
    with pytest.raises(ValidationError, match="has not agreed"):
        services.report_version_publish(version=pv_version, actor=None)
    services.report_version_publish(version=apii_version, actor=None)
    published = selectors.published_reports(user=None)
    assert [r.report_type.code for r in published] == ["apii"]


def test_the_article7_report_asks_no_consent(apmbc):
    state = party(apmbc, name="Minelia")
    report = services.report_start(
        convention=apmbc, state=state, year=COVERED, actor=None, today=BEFORE_DUE
    )
    assert report.report_type.code == "article7"
    mark_all(report)
    version = services.report_submit(report=report, actor=None, today=BEFORE_DUE)
    services.report_version_publish(version=version, actor=None)
    report.refresh_from_db()
    assert report.publication_consent is None
    assert report.status == Report.Status.PUBLISHED


# --- The focal point's pages ---


@pytest.fixture
def protolia_focal(ccw_world):
    ccw, _types, protolia, _conventia = ccw_world
    user = UserFactory(username="focal-protolia")
    assign(user, Role.FOCAL_POINT, state=protolia, convention=ccw)
    return user


@pytest.fixture
def conventia_focal(ccw_world):
    ccw, _types, _protolia, conventia = ccw_world
    user = UserFactory(username="focal-conventia")
    assign(user, Role.FOCAL_POINT, state=conventia, convention=ccw)
    return user


def test_a_protocol_v_partys_focal_point_submits_its_protocol_v_report(
    ccw_world, protolia_focal, client_for
):
    _ccw, types, protolia, _conventia = ccw_world
    with time_machine.travel(dt.datetime(2025, 3, 3, 10, tzinfo=dt.UTC), tick=False):
        _focal_point_submits(client_for(protolia_focal), types["pv"], protolia)


def _focal_point_submits(client, pv, protolia):
    page = client.get(f"/reporting/states/{protolia.iso3}/CCW/?type=pv")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Protocol V report" in text and "Amended Protocol II report" in text
    response = client.post(
        f"/reporting/states/{protolia.iso3}/CCW/start/",
        {"type": "pv", "kind": "annual", "year": COVERED},
    )
    report = Report.objects.get(state=protolia, report_type=pv)
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    for form in report.forms.all():
        response = client.post(
            f"/reporting/reports/{report.pk}/forms/{form.code}/",
            {"status": "not_applicable", "text": "", "version": _version(form)},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    response = client.post(
        f"/reporting/reports/{report.pk}/submit/", {"publication_consent": "yes"}
    )
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.publication_consent is True
    assert report.versions.get().snapshot["form_set"] == "CCW-PV"


def test_a_focal_point_sees_only_the_report_types_its_state_owes(
    ccw_world, conventia_focal, client_for
):
    _ccw, _types, _protolia, conventia = ccw_world
    client = client_for(conventia_focal)
    page = client.get(f"/reporting/states/{conventia.iso3}/CCW/")
    assert page.status_code == 200
    assert "Protocol V" not in page.content.decode()
    assert (
        client.get(f"/reporting/states/{conventia.iso3}/CCW/?type=pv").status_code
        == 404
    )
    response = client.post(
        f"/reporting/states/{conventia.iso3}/CCW/start/",
        {"type": "pv", "kind": "annual", "year": COVERED},
    )
    assert response.status_code == 404
    assert not Report.objects.filter(state=conventia).exists()


def test_another_states_protocol_v_report_is_a_404(
    ccw_world, conventia_focal, client_for
):
    _ccw, types, protolia, _conventia = ccw_world
    report, version = _submitted(types["pv"], protolia)
    client = client_for(conventia_focal)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(version.get_absolute_url()).status_code == 404
