"""Reminders go through the outbox, one per State, report and level — 30 days
before the due date, on it, 30 days after — and never twice, whether the job runs
twice, from beat, from the command or from the board's button."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from ism.models import OutgoingMail, Role, StateContact
from reporting import rules
from reporting.services import reminders_send
from reporting.tasks import article7_reminders_send
from tests.factories import UserFactory, assign
from tests.reporting.helpers import party, submitted_report

DUE = dt.date(2025, 4, 30)  # reports covering 2024
BEFORE = DUE - dt.timedelta(days=30)
AFTER = DUE + dt.timedelta(days=30)


@pytest.fixture
def world(apmbc):
    """Three States Parties: one with contact addresses, one whose only address is
    its focal point's, one the ISU cannot write to."""
    with_contact = party(apmbc, name="Contactia")
    StateContact.objects.create(
        state=with_contact,
        convention=apmbc,
        recipient="Permanent Mission",
        address="Geneva",
        emails="mission@contactia.example, desk@contactia.example",
    )
    with_focal = party(apmbc, name="Focalia")
    focal = UserFactory(username="focalia", email="focal@focalia.example")
    assign(focal, Role.FOCAL_POINT, state=with_focal, convention=apmbc)
    silent = party(apmbc, name="Silentia")
    return with_contact, with_focal, silent


def keys() -> list[str]:
    return sorted(OutgoingMail.objects.values_list("key", flat=True))


def test_running_the_job_twice_mails_each_state_once_per_level(
    apmbc, world, django_capture_on_commit_callbacks
):
    with_contact, with_focal, _ = world
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders_send(today=BEFORE)
    with django_capture_on_commit_callbacks(execute=True):
        second = reminders_send(today=BEFORE)
    expected = sorted(
        f"art7:APMBC:2024:{state.iso3}:before" for state in (with_contact, with_focal)
    )
    assert keys() == expected
    assert sorted(first.queued) == expected
    assert second.queued == []
    assert sorted(second.already) == expected
    # One message per State, sent once, to all of its addresses.
    assert len(mail.outbox) == 2
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [
        ("desk@contactia.example", "mission@contactia.example"),
        ("focal@focalia.example",),
    ]


def test_each_level_is_a_mail_of_its_own(apmbc, world):
    with_contact, _, _ = world
    for day in (BEFORE, DUE, AFTER, AFTER + dt.timedelta(days=5)):
        reminders_send(today=day)
        reminders_send(today=day)
    levels = sorted(
        key.rsplit(":", 1)[1] for key in keys() if f":{with_contact.iso3}:" in key
    )
    assert levels == ["after", "before", "due"]


def test_a_state_that_has_submitted_is_not_reminded(apmbc, world):
    with_contact, with_focal, _ = world
    submitted_report(with_contact, apmbc, on=dt.date(2025, 4, 2))
    reminders_send(today=AFTER)
    assert keys() == [f"art7:APMBC:2024:{with_focal.iso3}:after"]


def test_a_state_without_an_address_is_reported_not_marked_as_reminded(apmbc, world):
    _, _, silent = world
    run = reminders_send(today=BEFORE)
    assert f"APMBC:2024:{silent.iso3}" in run.no_address
    # Nothing is stored for it: once its contact is recorded, the reminder goes.
    StateContact.objects.create(
        state=silent,
        convention=apmbc,
        recipient="Mission",
        address="Geneva",
        emails="m@silentia.example",
    )
    run = reminders_send(today=BEFORE)
    assert run.queued == [f"art7:APMBC:2024:{silent.iso3}:before"]


def test_no_reminder_before_the_first_level_or_after_the_follow_up_window(apmbc, world):
    reminders_send(today=BEFORE - dt.timedelta(days=1))
    reminders_send(today=DUE + dt.timedelta(days=rules.REMINDER_WINDOW_DAYS + 1))
    assert keys() == []


def test_a_job_that_did_not_run_for_weeks_sends_the_level_that_fits_today(apmbc, world):
    reminders_send(today=AFTER + dt.timedelta(days=10))
    assert {key.rsplit(":", 1)[1] for key in keys()} == {"after"}


def test_the_initial_report_is_reminded_under_its_own_key(apmbc):
    eif = dt.date(2025, 3, 1)
    state = party(apmbc, eif=eif)
    StateContact.objects.create(
        state=state, convention=apmbc, recipient="M", address="A", emails="x@y.example"
    )
    due = eif + dt.timedelta(days=180)
    reminders_send(today=due)
    assert f"art7:APMBC:initial:{state.iso3}:due" in keys()


def test_the_task_and_the_command_run_the_same_service_and_never_duplicate(
    apmbc, world
):
    article7_reminders_send(DUE.isoformat())
    article7_reminders_send(DUE.isoformat())
    call_command("send_article7_reminders", "--date", DUE.isoformat(), verbosity=0)
    assert len(keys()) == 2
    assert all(key.endswith(":due") for key in keys())


def test_the_mail_names_the_report_and_its_due_date(apmbc, world):
    with_contact, _, _ = world
    reminders_send(today=AFTER)
    message = OutgoingMail.objects.get(key=f"art7:APMBC:2024:{with_contact.iso3}:after")
    assert "30 April 2025" in message.subject
    assert "covering calendar year 2024" in message.body
    assert message.state == with_contact
    assert message.convention == apmbc
