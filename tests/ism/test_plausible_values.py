"""Dates and amounts a slip of the keyboard makes implausible are refused where
they are saved, with a message (ism.validators, ism.money.amount_problem); and
the one row that got in before the rule never takes a whole feed down (issue 15
§3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from djmoney.money import Money

from budgets.contributions.services import payment_record
from ism.concurrency import LATEST
from ism.services import convention_update
from meetings.models import Meeting
from meetings.services import meeting_update, sponsorship_decide
from tests.meetings.conftest import (
    make_application,
    make_meeting,
    make_person,
    make_programme,
)

pytestmark = pytest.mark.django_db

FAR = dt.date(9999, 12, 31)


def test_a_meeting_ending_in_9999_is_refused_on_save(apmbc, isu_staff):
    today = timezone.localdate()
    meeting = make_meeting(apmbc, number=901, start=today, end=today)
    data = {"start": today, "end": FAR, "version": LATEST}

    with pytest.raises(ValidationError) as exc:
        meeting_update(meeting=meeting, data=data, actor=isu_staff)

    assert "between 1900 and 2199" in str(exc.value)
    meeting.refresh_from_db()
    assert meeting.end == today


def test_one_meeting_ending_in_9999_leaves_the_rest_of_the_feed(
    client_for, apmbc, isu_staff
):
    today = timezone.localdate()
    make_meeting(
        apmbc,
        title="Next Meeting of the States Parties",
        number=902,
        start=today,
        end=today,
    )
    # As a row saved before the rule: straight into the table.
    broken = make_meeting(apmbc, title="Typed 9999", number=903, start=today, end=today)
    Meeting.objects.filter(pk=broken.pk).update(end=FAR)

    response = client_for(isu_staff).get("/meetings/feeds/APMBC.ics")

    assert response.status_code == 200
    body = response.content.decode()
    assert "Next Meeting of the States Parties" in body
    assert "Typed 9999" not in body


def test_a_payment_dated_9999_is_refused(apmbc, state_a, isu_staff):
    with pytest.raises(ValidationError) as exc:
        payment_record(
            convention=apmbc,
            state=state_a,
            date=FAR,
            amount=Money(Decimal("10.00"), apmbc.currency),
            actor=isu_staff,
        )
    assert "date" in exc.value.message_dict


def test_a_negative_minimum_contribution_is_refused(apmbc, isu_staff):
    with pytest.raises(ValidationError) as exc:
        convention_update(
            convention=apmbc,
            data={"assessment_floor": Decimal(-5), "version": LATEST},
            actor=isu_staff,
        )
    assert "assessment_floor" in exc.value.message_dict


@pytest.mark.parametrize("typed", ["1e309", "inf", "nan", "-1"])
def test_a_sponsorship_amount_that_is_no_money_is_refused_with_a_message(
    client_for, apmbc, state_a, isu_staff, typed
):
    meeting = make_meeting(apmbc, number=904)
    programme = make_programme(apmbc, [meeting], budget="5000")
    application = make_application(programme, make_person(meeting, state_a))

    response = client_for(isu_staff).post(
        application.get_absolute_url(),
        {"decision": "approved", "amount_approved": typed},
    )

    assert response.status_code == 400
    assert response.context["form"].errors
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_service_refuses_1e309_too(apmbc, state_a, isu_staff):
    meeting = make_meeting(apmbc, number=904)
    programme = make_programme(apmbc, [meeting], budget="5000")
    application = make_application(programme, make_person(meeting, state_a))

    with pytest.raises(ValidationError) as exc:
        sponsorship_decide(
            application=application,
            decision="approved",
            amount_approved=Decimal("1e309"),
            version=LATEST,
            actor=isu_staff,
        )
    assert "too large" in str(exc.value)
