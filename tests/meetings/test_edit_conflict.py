"""Two people editing one meeting or one participant: the stale save is refused
with what changed, and nothing of the first is lost (issue 15 §2)."""

import pytest

from meetings import services
from meetings.models import Meeting
from tests.forms import posted
from tests.meetings.conftest import make_person


def test_a_stale_meeting_save_is_refused_with_what_changed(client_for, isu_staff, msp):
    url = f"/meetings/{msp.pk}/edit/"
    first, second = client_for(isu_staff), client_for(isu_staff)
    a, b = posted(first.get(url)), posted(second.get(url))
    a["venue"] = "Palais des Nations, Room XIX"
    assert first.post(url, a).status_code == 302
    b["description"] = "Typed on a page opened before."
    refused = second.post(url, b)
    assert refused.status_code == 400
    assert 'data-testid="edit-conflict"' in refused.content.decode()
    assert "Palais des Nations, Room XIX" in refused.content.decode()
    msp.refresh_from_db()
    assert msp.venue == "Palais des Nations, Room XIX"
    assert msp.description != "Typed on a page opened before."
    again = posted(refused)
    assert again["description"] == "Typed on a page opened before."
    again["venue"] = "Palais des Nations, Room XIX"
    assert second.post(url, again).status_code == 302
    msp.refresh_from_db()
    assert (msp.venue, msp.description) == (
        "Palais des Nations, Room XIX",
        "Typed on a page opened before.",
    )


def test_the_services_refuse_an_update_without_the_loaded_version(
    isu_staff, msp, state_a
):
    from ism.concurrency import EditConflict

    with pytest.raises(EditConflict):
        services.meeting_update(meeting=msp, data={"venue": "X"}, actor=isu_staff)
    person = make_person(msp, state_a)
    with pytest.raises(EditConflict):
        services.participant_update(
            participant=person, data={"function": "X"}, actor=isu_staff
        )
    assert Meeting.objects.get(pk=msp.pk).venue != "X"
