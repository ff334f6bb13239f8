"""Every page each demo role reaches shows no interface string left in English,
in French and Spanish (the walk: tests/e2e/language_walk.py)."""

from __future__ import annotations

import pytest

from tests.e2e.language_walk import English, walk_language

pytestmark = [pytest.mark.e2e, pytest.mark.standards]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_every_page_of_every_role_is_in_the_chosen_language(
    walk_browser, live_server, full_demo, language
):
    walk_language(walk_browser, live_server, language)


def test_the_comparison_finds_english_left_and_passes_what_is_translated():
    french = English("fr")
    texts = [
        "Social security",  # left in English
        "Sécurité sociale",
        "Description",  # the French word is the English one
        "Norway",  # content: a State's name as stored
    ]
    found = french.leftovers(texts, content={"Norway"})
    assert "Social security" in found
    assert not {"Sécurité sociale", "Description", "Norway"} & found
