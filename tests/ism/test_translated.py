"""ism.translated: translation columns beside the original, which stays what the
code reads and writes whatever the interface language (issue 18)."""

from django.utils import translation

from budgets.models import BudgetLine
from ism.translated import content_language, missing_languages, text_in
from workplans.models import Result


def test_in_a_french_session_the_original_is_read_written_and_looked_up():
    with translation.override("fr"):
        result = Result(text="Committees meet.")
        result.text = "Committees meet twice."
        query = str(Result.objects.filter(text="x").order_by("text").query)

    where_and_order = query.split("WHERE")[1]
    assert result.text == "Committees meet twice."
    assert result.text_fr is None
    assert '"text"' in where_and_order
    assert "text_fr" not in where_and_order


def test_text_in_gives_the_translation_or_the_original_marked_as_such():
    line = BudgetLine(label="Staff travel", label_fr="Voyages", label_es="  ")

    assert text_in(line, "label", "fr") == ("Voyages", False)
    assert text_in(line, "label", "es") == ("Staff travel", True)
    assert text_in(line, "label", "en") == ("Staff travel", False)
    assert text_in(line, "label", "zh-Hans") == ("Staff travel", True)


def test_an_empty_original_needs_no_translation():
    line = BudgetLine(label="Staff travel", note="", label_fr="Voyages")

    assert text_in(line, "note", "fr") == ("", False)
    assert missing_languages(line) == ["es", "zh-hans", "ru", "ar"]


def test_language_codes_are_read_as_the_menu_writes_them():
    assert content_language("zh-Hans") == "zh-hans"
    assert content_language("fr-ch") == "fr"
    assert content_language("de") == "en"
    assert content_language(None) == "en"
