"""The six UN languages (issue 18): each is offered in the menu by its own name,
an anonymous visitor gets the browser's, Arabic pages run right to left, and a
signed-in user's choice is kept on their account for every browser."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from ism.models import User

pytestmark = pytest.mark.django_db

SIX = ["en", "fr", "es", "zh-hans", "ru", "ar"]


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


def test_the_six_un_languages_are_offered_by_their_own_names(client):
    assert [code for code, _name in settings.LANGUAGES] == SIX
    page = client.get("/public/").content.decode()
    for code, name in [
        ("fr", "français"),
        ("es", "español"),
        ("zh-hans", "简体中文"),
        ("ru", "Русский"),
        ("ar", "العربيّة"),
    ]:
        assert f'<option value="{code}" lang="{code}">{name}</option>' in page


@pytest.mark.parametrize(
    ("accept", "lang", "direction"),
    [("ar", "ar", "rtl"), ("zh-CN,zh;q=0.9", "zh-hans", "ltr"), ("ru", "ru", "ltr")],
)
def test_an_anonymous_visitor_gets_the_browsers_language(accept, lang, direction):
    page = Client(headers={"accept-language": accept}).get("/public/")
    assert html_tag(page.content.decode()) == f'<html lang="{lang}" dir="{direction}">'
    assert page["Content-Language"] == lang


def test_a_users_choice_is_kept_for_their_next_browser(client_for, isu_staff):
    client = client_for(isu_staff)
    answer = client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert answer.status_code == 302
    assert User.objects.get(pk=isu_staff.pk).language == "ar"

    # Another browser, no cookie, a browser asking for English: Arabic still.
    elsewhere = Client(headers={"accept-language": "en"})
    elsewhere.force_login(isu_staff)
    page = elsewhere.get("/").content.decode()
    assert html_tag(page) == '<html lang="ar" dir="rtl">'

    # A language ISM does not offer changes nothing.
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert User.objects.get(pk=isu_staff.pk).language == "ar"


def test_the_pages_stylesheet_mirrors_for_arabic():
    """Right to left by the page's dir alone: the stylesheet says start and end
    (CSS logical properties), never left or right."""
    from pathlib import Path

    css = (Path(settings.BASE_DIR) / "static" / "css" / "ism.css").read_text()
    physical = re.findall(
        r"[\w-]*\b(?:left|right)\b[\w-]*\s*:|:\s*(?:left|right)\b", css
    )
    assert physical == []
    assert "text-align: end" in css and "margin-inline-start" in css
