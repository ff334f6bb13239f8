"""A State's working language for a convention (issue 18) is set by the
convention's ISU staff as well as by the State's focal point, only to one of the
six UN languages, and the change is in the contact's history."""

from __future__ import annotations

import pytest

from ism.models import AuditEvent, StateContact

pytestmark = pytest.mark.django_db

FORM = {
    "recipient": "Permanent Mission",
    "address": "Geneva",
    "emails": "mission@example.org",
}


def url(state, convention) -> str:
    return f"/states/{state.iso3}/{convention.code}/contact/"


def test_isu_staff_set_it_and_it_is_audited(client_for, isu_staff, apmbc, state_a):
    answer = client_for(isu_staff).post(
        url(state_a, apmbc), {**FORM, "working_language": "ar"}
    )
    assert answer.status_code == 302
    contact = StateContact.objects.get(state=state_a, convention=apmbc)
    assert contact.working_language == "ar"
    event = AuditEvent.objects.filter(object_id=str(contact.pk)).latest("at")
    assert event.actor == isu_staff
    assert event.changes["working_language"][1] == "ar"


def test_only_the_six_languages(client_for, focal_a, apmbc, state_a):
    answer = client_for(focal_a).post(
        url(state_a, apmbc), {**FORM, "working_language": "de"}
    )
    assert answer.status_code == 400  # the form again, with the error
    assert not StateContact.objects.filter(state=state_a, convention=apmbc).exists()


def test_another_states_focal_point_cannot(client_for, focal_b, apmbc, state_a):
    answer = client_for(focal_b).post(
        url(state_a, apmbc), {**FORM, "working_language": "ru"}
    )
    assert answer.status_code == 404
    assert not StateContact.objects.exists()
