"""ISM's JavaScript says nothing of its own: every word a script shows (the
confirmation question, "Saving…", the busy text) comes from the page, in
data-* attributes the templates fill in the page's language (data-confirm,
data-busy, data-default). So there is no JavaScript catalogue to keep: this test
fails on the first string literal that reads as words rather than as a selector,
an event or an attribute name, which would be shown untranslated."""

from __future__ import annotations

import re

from tests.validators import ROOT

SCRIPTS = sorted((ROOT / "static" / "js").glob("*.js"))
LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`]*)`')
COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
# Two words in a row: prose. A selector's space sits beside []:.,>#= or a tag.
WORDS = re.compile(r"[A-Za-z]{2,}[ \u00a0]+[A-Za-z]{2,}")
SELECTOR = re.compile(r"[\[\]:.,>#=]")


def literals(source: str) -> list[str]:
    return [
        next(g for g in m.groups() if g is not None)
        for m in LITERAL.finditer(COMMENT.sub("", source))
    ]


def prose(text: str) -> bool:
    return (
        bool(WORDS.search(text)) and not SELECTOR.search(text) and text != "use strict"
    )


def test_the_scripts_hold_no_words_to_translate():
    assert SCRIPTS, "static/js has ISM's scripts"
    found = {
        script.name: words
        for script in SCRIPTS
        if (
            words := [
                t for t in literals(script.read_text(encoding="utf-8")) if prose(t)
            ]
        )
    }
    assert found == {}


def test_a_sentence_in_a_script_would_be_found():
    source = 'el.textContent = "Saving changes"; // "not this"\nq("[data-x] .y");'
    assert [t for t in literals(source) if prose(t)] == ["Saving changes"]
