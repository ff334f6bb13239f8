"""The text of a PDF as pdftotext (poppler) reads it back, as a reader copying it
would get it, for the tests of documents in the six languages (issue 18)."""

import re
import subprocess


def pdftotext(pdf: bytes) -> str:
    answer = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    # Grouping spaces (U+202F, U+00A0) come back as they were or as spaces.
    return answer.stdout.decode().replace("\u202f", " ").replace("\u00a0", " ")


# pdftotext marks Arabic runs with embedding marks, and gives the lam-alef
# ligature (لا, one glyph Arabic requires) back as its letters in visual order.
BIDI_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u200e\u200f"))


# Arabic's short-vowel marks (ألفاً): pdftotext may set one apart from its letter.
HARAKAT = dict.fromkeys(range(0x064B, 0x0653))


def flat(text: str) -> str:
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    text = text.translate(BIDI_MARKS).translate(HARAKAT)
    return " ".join(text.replace("لا", "ال").split())


WORD = r"[^\s:،,.]+"  # a word, without the punctuation a label glues to it


def in_order(words: str, text: str) -> bool:
    """Each word of `words` in `text`, in that order (flattened both): an Arabic
    line wrapped beside its label comes back interleaved with it."""
    found = re.findall(WORD, flat(text))
    position = 0
    for word in re.findall(WORD, flat(words)):
        try:
            position = found.index(word, position) + 1
        except ValueError:
            return False
    return True
