"""Every page each demo role reaches shows no interface string left in English,
in Chinese, Russian and Arabic (split from test_language_walk.py so that
two workers share the five walks) (the walk: tests/e2e/language_walk.py)."""

from __future__ import annotations

import pytest

from tests.e2e.language_walk import walk_language

pytestmark = [pytest.mark.e2e, pytest.mark.standards]


@pytest.mark.parametrize("language", ["zh-hans", "ru", "ar"])
def test_every_page_of_every_role_is_in_the_chosen_language(
    walk_browser, live_server, full_demo, language
):
    walk_language(walk_browser, live_server, language)
