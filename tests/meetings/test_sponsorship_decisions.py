"""ISU staff record the donors' group's decisions: approved (committing money, never
beyond the budget), waitlisted, or declined with a reason."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from djmoney.money import Money

from ism.concurrency import LATEST
from ism.models import OutgoingMail, StateContact
from meetings.models import SponsorshipApplication
from meetings.services import sponsorship_decide
from tests.forms import posted
from tests.meetings.conftest import make_application, make_person, make_programme


@pytest.fixture
def programme(apmbc, msp):
    return make_programme(apmbc, [msp], budget="5000")


@pytest.fixture
def application(programme, msp, state_a):
    return make_application(programme, make_person(msp, state_a), travel="3000")


def test_approval_commits_the_amount_requested(application, isu_staff):
    decided = sponsorship_decide(
        version=LATEST, application=application, decision="approved", actor=isu_staff
    )
    assert decided.amount_approved == Money(Decimal("3000"), "CHF")
    assert decided.decided_by == isu_staff


def test_approval_beyond_the_budget_is_refused(
    application, programme, msp, state_b, isu_staff
):
    sponsorship_decide(
        version=LATEST, application=application, decision="approved", actor=isu_staff
    )
    second = make_application(programme, make_person(msp, state_b), travel="2500")
    with pytest.raises(ValidationError) as exc:
        sponsorship_decide(
            version=LATEST, application=second, decision="approved", actor=isu_staff
        )
    assert "more than the programme has left" in str(exc.value)
    second.refresh_from_db()
    assert second.status == "submitted"
    # A lower amount that fits is accepted.
    sponsorship_decide(
        version=LATEST,
        application=second,
        decision="approved",
        amount_approved=Decimal("2000"),
        actor=isu_staff,
    )
    second.refresh_from_db()
    assert second.amount_approved == Money(Decimal("2000"), "CHF")


def test_declining_needs_a_reason(client_for, application, isu_staff):
    response = client_for(isu_staff).post(
        application.get_absolute_url(), {"decision": "declined", "reason": ""}
    )
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    application.refresh_from_db()
    assert application.status == "submitted"


def test_a_change_of_mind_releases_the_money(application, isu_staff):
    sponsorship_decide(
        version=LATEST, application=application, decision="approved", actor=isu_staff
    )
    sponsorship_decide(
        version=LATEST, application=application, decision="waitlisted", actor=isu_staff
    )
    application.refresh_from_db()
    assert application.amount_approved is None


def test_only_the_conventions_staff_decide(application, other_staff, focal_a):
    for user in (other_staff, focal_a):
        with pytest.raises(PermissionDenied):
            sponsorship_decide(
                version=LATEST, application=application, decision="approved", actor=user
            )


def test_the_state_is_told_once_per_decision(
    application, isu_staff, apmbc, state_a, django_capture_on_commit_callbacks
):
    StateContact.objects.create(
        state=state_a,
        convention=apmbc,
        recipient="Mission",
        address="Geneva",
        emails="mission@atlantis.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        sponsorship_decide(
            version=LATEST,
            application=application,
            decision="approved",
            actor=isu_staff,
        )
        sponsorship_decide(
            version=LATEST,
            application=application,
            decision="approved",
            actor=isu_staff,
        )
    mail = OutgoingMail.objects.get()
    assert mail.to == ["mission@atlantis.example"]
    assert "approved" in mail.body
    assert "CHF" in mail.body
    assert SponsorshipApplication.objects.get().status == "approved"


def test_a_decision_from_a_stale_page_is_refused_with_what_changed(
    client_for, isu_staff, application
):
    url = application.get_absolute_url()
    first, second = client_for(isu_staff), client_for(isu_staff)
    a, b = posted(first.get(url)), posted(second.get(url))
    assert first.post(url, {**a, "decision": "approved"}).status_code == 302
    refused = second.post(
        url, {**b, "decision": "declined", "reason": "Budget exhausted."}
    )
    assert refused.status_code == 400
    assert 'data-testid="edit-conflict"' in refused.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"
