"""/api/v1/workplans/{id}/ in a language: ?lang= or Accept-Language gives the
statements' translations, the original where none has been entered, says
Content-Language, and its ETag and 304 follow the language (issue 18)."""

from __future__ import annotations

import pytest

from workplans.models import Result


@pytest.fixture
def translated(submitted):
    """The submitted plan with its first activity translated into French only."""
    plan, (_area, impact, _outcome, _output, first, _second) = submitted
    Result.objects.filter(pk=first.pk).update(text_fr="Réunions des comités tenues")
    return plan, first, impact


def _texts(response) -> dict[int, str]:
    [area] = response.json()["areas"]
    return {r["id"]: r["text"] for r in area["results"]}


def test_it_answers_in_french_with_lang_and_falls_back_to_the_original(
    translated, isu_staff, client_for
):
    plan, first, impact = translated

    response = client_for(isu_staff).get(f"/api/v1/workplans/{plan.pk}/?lang=fr")

    texts = _texts(response)
    assert texts[first.pk] == "Réunions des comités tenues"
    assert texts[impact.pk] == impact.text
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]


def test_accept_language_chooses_when_lang_is_not_given(
    translated, isu_staff, client_for
):
    plan, first, _impact = translated
    client = client_for(isu_staff)

    french = client.get(f"/api/v1/workplans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get(f"/api/v1/workplans/{plan.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert _texts(french)[first.pk] == "Réunions des comités tenues"
    assert _texts(english)[first.pk] == first.text
    assert english["Content-Language"] == "en"


def test_an_etag_of_one_language_is_not_fresh_in_another(
    translated, isu_staff, client_for
):
    plan, _first, _impact = translated
    client = client_for(isu_staff)
    url = f"/api/v1/workplans/{plan.pk}/"
    french = client.get(url + "?lang=fr")

    again = client.get(url + "?lang=fr", HTTP_IF_NONE_MATCH=french["ETag"])
    english = client.get(url + "?lang=en", HTTP_IF_NONE_MATCH=french["ETag"])

    assert again.status_code == 304
    assert again["Content-Language"] == "fr"
    assert english.status_code == 200
    assert english["ETag"] != french["ETag"]


def test_an_unknown_language_is_a_400_that_names_lang(submitted, client_for, isu_staff):
    plan, _chain = submitted

    response = client_for(isu_staff).get(f"/api/v1/workplans/{plan.pk}/?lang=de")

    assert response.status_code == 400
    assert "lang" in response.json()["error"]["fields"]
