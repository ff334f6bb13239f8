"""A meeting's title and agenda items take translations on the meeting's
translations page; its page shows staff each item's missing languages; the API
gives them in the language asked for (issue 18)."""

from __future__ import annotations

from meetings.models import AgendaItem, Meeting
from tests.meetings.conftest import make_item


def test_staff_translate_an_agenda_item_and_see_what_is_missing(
    msp, isu_staff, client_for
):
    item = make_item(msp, "9(h)", "Consideration of requests under Article 5")
    client = client_for(isu_staff)

    before = client.get(msp.get_absolute_url()).content.decode()
    response = client.post(
        f"/meetings/{msp.pk}/translations/?lang=ru",
        {f"agendaitem-{item.pk}-title": "Рассмотрение запросов по статье 5"},
    )
    after = client.get(msp.get_absolute_url()).content.decode()

    assert ">Not yet translated</span>" in before
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title_ru == "Рассмотрение запросов по статье 5"
    assert "Not yet translated into: French, Spanish, Chinese, Arabic" in after


def test_the_api_gives_the_title_and_agenda_in_the_language_asked_for(msp, client_for):
    item = make_item(msp, "1", "Opening of the Meeting")
    AgendaItem.objects.filter(pk=item.pk).update(title_es="Apertura de la Reunión")
    Meeting.objects.filter(pk=msp.pk).update(title_es="Vigésima Segunda Reunión")

    data = client_for(None).get(f"/api/v1/meetings/{msp.pk}/?lang=es").json()

    assert data["title"] == "Vigésima Segunda Reunión"
    assert data["agenda"] == [{"number": "1", "title": "Apertura de la Reunión"}]
