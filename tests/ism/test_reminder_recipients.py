"""Who receives a State's reminders: one rule (ism.reminders.recipients_for) for
contribution and Article 7 reminders alike — the State's contact addresses for
the convention, else its active focal points' own addresses, else nobody (the run
reports the State and stores nothing). A State gets both kinds or neither, at the
same addresses."""

from __future__ import annotations

import datetime as dt

import pytest

from budgets.contributions.reminders import (
    invoice_reminders_send,
    load_reminder_policies,
)
from ism.models import OutgoingMail, Role
from ism.reminders import recipients_for
from reporting.services import reminders_send
from tests.budgets.invoice_docs import contact, issued_invoice
from tests.factories import UserFactory, assign
from tests.reporting.helpers import party

pytestmark = pytest.mark.django_db

# The day an annual report covering 2024 falls due (30 April), which is also the
# due date of the State's 2025 invoice: both kinds have a reminder due.
DAY = dt.date(2025, 4, 30)


@pytest.fixture
def state(apmbc):
    load_reminder_policies()
    state = party(apmbc, name="Recipientia")
    issued_invoice(
        apmbc, state, year=2025, issue_date=dt.date(2025, 1, 15), due_date=DAY
    )
    return state


def focal_point(state, convention, email, *, active=True):
    user = UserFactory(email=email, is_active=active)
    assign(user, Role.FOCAL_POINT, state=state, convention=convention)
    return user


def mailed(convention) -> dict[str, set[tuple[str, ...]]]:
    """Each kind's recipients, as the two daily runs of DAY queued them."""
    contributions = invoice_reminders_send(today=DAY, convention=convention)
    article7 = reminders_send(today=DAY, convention=convention)
    by_kind: dict[str, set[tuple[str, ...]]] = {"invoice": set(), "art7": set()}
    for mail in OutgoingMail.objects.all():
        by_kind[mail.key.split(":")[0]].add(tuple(mail.to))
    assert bool(contributions.skipped) == bool(article7.skipped)
    return by_kind


def both(*addresses: str) -> dict[str, set[tuple[str, ...]]]:
    expected = {tuple(addresses)} if addresses else set()
    return {"invoice": expected, "art7": expected}


def test_it_writes_to_the_contact_when_the_state_has_one(apmbc, state):
    contact(apmbc, state, "mission@recipientia.example, desk@recipientia.example")
    focal_point(state, apmbc, "focal@recipientia.example")

    assert recipients_for(state, apmbc) == [
        "desk@recipientia.example",
        "mission@recipientia.example",
    ]
    assert mailed(apmbc) == both(
        "desk@recipientia.example", "mission@recipientia.example"
    )


def test_it_falls_back_to_the_focal_points_without_a_contact_row(apmbc, state):
    focal_point(state, apmbc, "focal@recipientia.example")
    focal_point(state, apmbc, "deputy@recipientia.example")

    assert mailed(apmbc) == both(
        "deputy@recipientia.example", "focal@recipientia.example"
    )


def test_it_falls_back_to_the_focal_points_when_the_contact_has_no_address(
    apmbc, state
):
    contact(apmbc, state, " , ")
    focal_point(state, apmbc, "focal@recipientia.example")

    assert mailed(apmbc) == both("focal@recipientia.example")


def test_it_writes_to_nobody_without_contact_or_active_focal_point(apmbc, ccm, state):
    focal_point(state, apmbc, "gone@recipientia.example", active=False)
    focal_point(state, ccm, "other-convention@recipientia.example")

    assert recipients_for(state, apmbc) == []
    assert mailed(apmbc) == both()
