"""Every word a template writes goes through the catalogues: text between tags,
and the attributes a user reads or hears (title, alt, placeholder, aria-label,
label, and the data-confirm / data-busy / data-default texts the scripts show),
outside {% translate %} and {% blocktranslate %}. The template is read with
Django's own lexer; what a variable or a tag fills in is not text of the
template's. A word left unmarked would show in English on every page in every
language, where the catalogue tests cannot see it (it is in no catalogue)."""

from __future__ import annotations

import re

import pytest
from django.template.base import Lexer, TokenType

from tests.validators import ROOT

# Reads the templates and no day: run once in CI (real_day, pyproject.toml).
pytestmark = pytest.mark.real_day

TEMPLATES = ROOT / "templates"
ATTRIBUTES = re.compile(
    r"\b(?:alt|title|placeholder|aria-label|label|data-confirm|data-busy|data-default)"
    r'\s*=\s*"([^"]*)"'
)
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"[A-Za-z]{2,}")
FILLED = "\x00"  # where a variable or a tag stands

# Words that are the same in every language, each with why.
ALLOWED = {
    "_site_brand.html": {"ISM"},  # the product's name
    "rest_framework/api.html": {"ISM API"},  # the product's name
    "reporting/public_list.html": {"PDF"},  # a file format
    "reporting/report_detail.html": {"PDF"},
    "budgets/index.html": {"no-budgets"},  # a test id filled into a block
    "workplans/index.html": {"no-workplans"},
    "ism/api_tokens.html": {"ism_ _…"},  # a token's prefix
    # The bank file's columns and an example row: a file format, not words.
    "budgets/contributions/bank_import.html": {
        "state,invoice,date,amount,currency,reference",
        "NOR, -2026-0007,2026-02-01,12500.00, ,FT26032ABC",  # code and currency
    },
    "pdf/smoke.html": {"Item", "Amount"},  # tests/ism/test_pdf.py's own page
}


def text_of(source: str) -> str:
    """The template's own text: what stands outside tags and variables, with
    {% blocktranslate %}, {% comment %} and {% verbatim %} left out."""
    out, inside = [], 0
    for token in Lexer(source).tokenize():
        name = token.contents.split()[0] if token.contents.split() else ""
        if token.token_type == TokenType.BLOCK:
            if name in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                inside += 1
            elif name in (
                "endblocktranslate",
                "endblocktrans",
                "endcomment",
                "endverbatim",
            ):
                inside -= 1
            out.append(FILLED)
        elif token.token_type == TokenType.TEXT and not inside:
            out.append(token.contents)
        else:
            out.append(FILLED)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", "".join(out), flags=re.S)
    return re.sub(r"<!--.*?-->", " ", text, flags=re.S)


def unmarked(source: str) -> set[str]:
    text = text_of(source)
    found = set()
    for tag in TAG.findall(text):
        for value in ATTRIBUTES.findall(tag):
            found.add(" ".join(value.replace(FILLED, " ").split()))
    for piece in TAG.split(text):
        found.add(" ".join(piece.replace(FILLED, " ").split()))
    return {words for words in found if WORD.search(words)}


def test_every_word_of_every_template_is_marked_for_translation():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 100
    found = {}
    for path in templates:
        name = path.relative_to(TEMPLATES).as_posix()
        left = unmarked(path.read_text(encoding="utf-8")) - ALLOWED.get(name, set())
        if left:
            found[name] = sorted(left)
    assert found == {}


def test_a_word_outside_translate_is_found_and_one_inside_is_not():
    source = (
        '{% load i18n %}<h1 title="Budget">{% translate "Total" %}</h1>'
        "<p>Saved {{ when }}</p>"
        "{% blocktranslate %}In {{ year }}{% endblocktranslate %}"
        '<button data-confirm="{% translate "Delete?" %}">x</button>'
    )
    assert unmarked(source) == {"Budget", "Saved"}
