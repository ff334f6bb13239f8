"""Focal points apply for their own State's delegates and see only their own
State's applications: another State's is a 404, as if it did not exist."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from meetings.models import SponsorshipApplication
from tests.meetings.conftest import make_application, make_person, make_programme


@pytest.fixture
def msp(upcoming_msp):
    """Applications are open: the meeting opens in two months."""
    return upcoming_msp


@pytest.fixture
def programme(apmbc, msp):
    return make_programme(apmbc, [msp])


@pytest.fixture
def applications(programme, msp, state_a, state_b):
    a = make_application(programme, make_person(msp, state_a, given_name="Ana"))
    b = make_application(programme, make_person(msp, state_b, given_name="Bo"))
    return a, b


def test_a_focal_point_opens_their_own_states_application(
    client_for, focal_a, applications
):
    own, _ = applications
    response = client_for(focal_a).get(own.get_absolute_url())
    assert response.status_code == 200
    assert response.context["application"] == own
    assert response.context["form"] is None  # they do not decide


def test_another_states_application_is_a_404(client_for, focal_a, applications):
    _, theirs = applications
    assert client_for(focal_a).get(theirs.get_absolute_url()).status_code == 404


def test_the_programme_lists_only_the_focal_points_own_applications(
    client_for, focal_a, programme, applications, isu_staff
):
    response = client_for(focal_a).get(programme.get_absolute_url())
    listed = [a.participant.given_name for a in response.context["page"].object_list]
    assert listed == ["Ana"]
    assert response.context["stats"] is None  # the statistics are the ISU's
    staff = client_for(isu_staff).get(programme.get_absolute_url())
    assert {a.participant.given_name for a in staff.context["page"].object_list} == {
        "Ana",
        "Bo",
    }


def test_a_focal_point_applies_only_for_their_own_delegates(
    client_for, focal_a, programme, msp, state_a, state_b
):
    mine = make_person(msp, state_a, given_name="Ana")
    theirs = make_person(msp, state_b, given_name="Bo")
    client = client_for(focal_a)
    form = client.get(f"/meetings/sponsorship/{programme.pk}/apply/").context["form"]
    assert list(form.fields["participant"].queryset) == [mine]

    data = {
        "needs_travel": "on",
        "travel_amount": "1850.00",
        "hotel_nights": "5",
        "hotel_amount": "900",
        "allowance_days": "5",
        "allowance_amount": "475",
    }
    refused = client.post(
        f"/meetings/sponsorship/{programme.pk}/apply/",
        {**data, "participant": theirs.pk},
    )
    assert refused.status_code == 400
    assert "participant" in refused.context["form"].errors
    assert not SponsorshipApplication.objects.exists()

    accepted = client.post(
        f"/meetings/sponsorship/{programme.pk}/apply/", {**data, "participant": mine.pk}
    )
    assert accepted.status_code == 302
    application = SponsorshipApplication.objects.get()
    assert application.participant == mine
    assert application.requested_total == Money(Decimal("3225.00"), "CHF")
    assert application.status == SponsorshipApplication.Status.SUBMITTED


def test_a_focal_point_cannot_record_a_decision(client_for, focal_a, applications):
    own, _ = applications
    response = client_for(focal_a).post(
        own.get_absolute_url(), {"decision": "approved"}
    )
    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == SponsorshipApplication.Status.SUBMITTED
