"""The to-do list by e-mail (ism.digest): a user who switches it on receives their
home page's list, each item with its link, every morning or every Monday; nobody
else does, a day with nothing to do sends nothing, and a second run the same day
sends nothing again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from budgets.models import Budget
from ism.digest import todo_digests_send
from ism.models import AuditEvent, OutgoingMail, User
from ism.tasks import todo_digests_send as todo_digests_task
from tests.factories import UserFactory, assign

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def next_weekday(weekday: int, *, after: dt.date) -> dt.date:
    """The first day on or after `after` that is `weekday` (0: Monday)."""
    return after + dt.timedelta(days=(weekday - after.weekday()) % 7)


def submitted_budget(convention) -> Budget:
    return Budget.objects.create(
        convention=convention,
        year=today().year + 1,
        status=Budget.Status.SUBMITTED,
        currency=convention.currency,
    )


def digest_keys() -> list[str]:
    return sorted(
        OutgoingMail.objects.filter(key__startswith="todo-digest:").values_list(
            "key", flat=True
        )
    )


def choose(user, digest: str) -> None:
    user.email = f"{user.username}@example.org"
    user.todo_digest = digest
    user.save()


@override_settings(ISM_PUBLIC_URL="https://ism.example.org")
def test_a_member_who_asked_gets_the_list_with_its_links(
    committee_member, apmbc, mailoutbox
):
    choose(committee_member, User.Digest.DAILY)
    made = submitted_budget(apmbc)
    day = today()

    run = todo_digests_send(today=day)

    assert run.queued == [committee_member.pk]
    [mail] = OutgoingMail.objects.filter(key__startswith="todo-digest:")
    assert mail.key == f"todo-digest:{committee_member.pk}:{day.isoformat()}"
    assert mail.to == [committee_member.email]
    assert mail.subject.startswith("ISM: 1 thing to do (")
    assert f"Review the {made.year} budget of APMBC" in mail.body
    assert f"https://ism.example.org/budgets/{made.pk}/" in mail.body
    assert "To review, as a member of the Coordinating Committee" in mail.body
    assert "https://ism.example.org/account/digest/" in mail.body
    # Delivered by the outbox like any mail, with its stable Message-ID.
    from ism.mail import mail_send, message_id_for

    assert mail_send(mail_id=mail.pk)
    [sent] = mailoutbox
    assert sent.subject == mail.subject and sent.to == [committee_member.email]
    assert sent.extra_headers["Message-ID"] == message_id_for(mail.key)


def test_nobody_who_did_not_ask_and_no_empty_list_is_mailed(
    committee_member, isu_staff, apmbc, coordinating_committee
):
    submitted_budget(apmbc)
    assert todo_digests_send(today=today()).queued == []  # the member did not ask
    choose(isu_staff, User.Digest.DAILY)  # asked, but has nothing to do
    choose(committee_member, User.Digest.DAILY)
    committee_member.is_active = False
    committee_member.save()
    asked_without_address = UserFactory(username="no-address", todo_digest="daily")
    assign(asked_without_address, "committee_member", committee=coordinating_committee)
    run = todo_digests_send(today=today())
    assert run.queued == [] and run.empty == [isu_staff.pk]
    assert run.no_address == [asked_without_address.pk]
    assert digest_keys() == []


def test_a_second_run_the_same_day_sends_nothing_again(committee_member, apmbc):
    choose(committee_member, User.Digest.DAILY)
    submitted_budget(apmbc)
    first = todo_digests_task.delay().get()
    second = todo_digests_task.delay().get()
    assert first == [committee_member.pk] and second == []
    assert len(digest_keys()) == 1
    # The next day is another digest.
    tomorrow = today() + dt.timedelta(days=1)
    assert todo_digests_send(today=tomorrow).queued == [committee_member.pk]
    assert len(digest_keys()) == 2


def test_the_weekly_digest_comes_on_mondays_only(committee_member, apmbc):
    choose(committee_member, User.Digest.WEEKLY)
    submitted_budget(apmbc)
    monday = next_weekday(0, after=today())
    tuesday = monday + dt.timedelta(days=1)
    assert todo_digests_send(today=tuesday).queued == []
    assert todo_digests_send(today=monday).queued == [committee_member.pk]


def test_overdue_items_say_so_and_dates_read_in_words(isu_staff, apmbc, state_a):
    from tests.budgets.contrib import issue_invoice_today

    choose(isu_staff, User.Digest.DAILY)
    invoice = issue_invoice_today(apmbc, state_a, "10.00", due_in_days=1)
    later = invoice.due_date + dt.timedelta(days=3)
    todo_digests_send(today=later)
    mail = OutgoingMail.objects.get(key__startswith="todo-digest:")
    due = invoice.due_date
    assert f"was due {due.day} {due:%B} {due.year}" in mail.body
    assert "/budgets/contributions/APMBC/invoices/?status=overdue" in mail.body


def test_the_user_chooses_on_their_page_and_the_home_page_says_so(
    client_for, committee_member
):
    client = client_for(committee_member)
    page = client.get("/").content.decode()
    assert "can also come to you by e-mail" in page
    form = client.get("/account/digest/")
    assert form.status_code == 200
    assert committee_member.email in form.content.decode()

    refused = client.post("/account/digest/", {"todo_digest": "hourly"})
    assert refused.status_code == 400
    assert User.objects.get(pk=committee_member.pk).todo_digest == "off"

    saved = client.post("/account/digest/", {"todo_digest": "weekly"})
    assert saved.status_code == 302
    assert User.objects.get(pk=committee_member.pk).todo_digest == "weekly"
    event = AuditEvent.objects.get(verb="digest changed")
    assert event.changes == {"todo_digest": ["off", "weekly"]}
    page = client.get("/").content.decode()
    assert "This list comes to you by e-mail: Every Monday morning." in page


def test_only_the_user_sets_their_own_digest(committee_member):
    from django.core.exceptions import PermissionDenied

    from ism.digest import user_digest_set

    other = UserFactory(username="someone-else")
    with pytest.raises(PermissionDenied):
        user_digest_set(user=committee_member, digest="daily", actor=other)
    assert User.objects.get(pk=committee_member.pk).todo_digest == "off"
