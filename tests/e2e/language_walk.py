"""The language walk: every page each demo role reaches, in one of the five
languages besides English, shows no interface string left in English.

The walk is the standards walk's (tests/e2e/test_standards_walk.py: from the home
page, the links a role is shown, one page per route), in a real Chromium whose
user has chosen the language (anonymous visitors: the browser's Accept-Language).
On each page the visible text — text nodes, and the words a screen reader or a
form shows: placeholder, aria-label, title, alt, button values — is compared with
the language's catalogue: a piece of text equal to an English msgid whose
translation differs is a leftover. Staff's own words (a budget line's label, a
State's name) are content, not interface: what the database holds in a text
column is left out (stored_words), as is what stands in an element marked with
another language (lang="…", WCAG 3.1.2) or translate="no".
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from tests.e2e.test_standards_walk import (
    ROLES,
    log_in,
    pages_per_route,
    walk_context,
)
from tests.validators import ROOT

# The text a user reads on the page, element by element: text nodes (not in
# script/style/template, not hidden), and the attributes that show or are read out.
# Elements in another language than the page's (content, lang="…") and those marked
# translate="no" are left out with everything inside them.
VISIBLE_TEXT = """pageLanguage => {
  const out = [];
  const attributes = ['placeholder', 'aria-label', 'title', 'alt', 'data-confirm',
                      'data-busy'];
  const clean = text => text.replace(/\\s+/g, ' ').trim();
  const rejected = el => el.getAttribute('translate') === 'no'
    || (el.hasAttribute('lang')
        && el.getAttribute('lang').toLowerCase() !== pageLanguage)
    || ['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT'].includes(el.tagName);
  // One pass; a rejected element is skipped with everything inside it.
  const walker = document.createTreeWalker(
    document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT,
    {acceptNode: node => node.nodeType === 1 && rejected(node)
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === 3) {
      const text = clean(node.textContent);
      if (text) out.push(text);
      continue;
    }
    for (const name of attributes) {
      const value = node.getAttribute(name);
      if (value && value.trim()) out.push(clean(value));
    }
    if (node.tagName === 'INPUT' && ['submit', 'button'].includes(node.type)
        && node.value) {
      out.push(node.value.trim());
    }
  }
  out.push(clean(document.title));
  return {lang: document.documentElement.lang, texts: out};
}"""

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


class English:
    """The interface's English strings whose translation into `language` differs
    (a word written the same in both, "Notes" in French, "Total", is no leftover).
    Strings of fewer than three letters are left out: they say nothing of the
    language. A string with placeholders ("Issued on %(date)s") matches any text of
    its shape."""

    def __init__(self, language: str):
        folder = language.replace("-hans", "_Hans")
        path = ROOT / "locale" / folder / "LC_MESSAGES" / "django.po"
        with path.open("rb") as po:
            catalogue = read_po(po)
        plain, shapes, self.translated = set(), [], set()
        for message in catalogue:
            if not message.id or message.fuzzy:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strs = message.string
            strs = strs if isinstance(strs, tuple) else (strs,)
            for msgid in ids:
                text = " ".join(msgid.split())
                if len(re.sub(r"[^A-Za-z]", "", PLACEHOLDER.sub("", text))) < 3:
                    continue
                for msgstr in strs:
                    if not msgstr:
                        continue
                    # Forms and headings show a translation capitalised; a word
                    # the language writes as English does ("description") is one.
                    translation = " ".join(msgstr.split())
                    self.translated |= {
                        translation,
                        translation[:1].upper() + translation[1:],
                    }
                    if translation == text:
                        continue
                    if PLACEHOLDER.search(text):
                        # Its own words must say it: "%(code)s contributions" fits
                        # French as well as English.
                        if len(PLACEHOLDER.sub(" ", text).split()) < 3:
                            continue
                        parts = PLACEHOLDER.split(text)
                        shapes.append(".+?".join(re.escape(part) for part in parts))
                    else:
                        plain.add(text)
        self.plain = plain
        # Sentences of four words or more are found inside longer texts too.
        self.sentences = re.compile(
            "|".join(
                re.escape(t)
                for t in sorted((t for t in plain if t.count(" ") >= 3), key=len)[::-1]
            )
        )
        self.shapes = re.compile("|".join(f"(?:{shape})" for shape in shapes))

    def leftovers(self, texts: list[str], content: set[str]) -> set[str]:
        """The texts that are English interface strings; `content` holds the
        words staff and imports stored (a budget's title, a committee's name), which
        are no interface string even where one of them reads like one."""
        found = set()
        for text in texts:
            bare = text.strip(" :.*()…").strip()
            if not bare or bare in self.translated or bare in content:
                continue
            if bare in self.plain or self.shapes.fullmatch(bare):
                found.add(bare)
                continue
            for sentence in self.sentences.findall(text):
                if not any(sentence in c and c in text for c in content):
                    found.add(sentence)
        return found


def stored_words() -> set[str]:
    """Every text the database holds in a character column of ISM's own models:
    the content pages show as it was written (the audit trail, whose verbs and
    keys the history tables put in words, aside)."""
    from django.apps import apps
    from django.db import models

    words = set()
    for model in apps.get_models():
        if model._meta.app_label not in {
            "ism",
            "budgets",
            "meetings",
            "reporting",
            "workplans",
        } or model.__name__ in {"AuditEvent", "OutgoingMail"}:
            continue
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices
        ]
        for row in model.objects.values_list(*columns) if columns else []:
            for value in row:
                if value and len(value) > 2:
                    words.add(" ".join(value.split()).strip(" :.*()…"))
    return words


def walk_texts(page, origin: str, page_language: str) -> dict[str, list[str]]:
    """{path: the visible texts} of one page per route the role reaches."""
    texts = {}
    for path, _ in pages_per_route(page, origin):
        seen = page.evaluate(VISIBLE_TEXT, page_language)
        assert seen["lang"].lower() == page_language, path
        texts[path] = seen["texts"]
    return texts


def walk_language(browser, live_server, language: str) -> None:
    """The walk in `language`, failing on English left (the test files' one
    body: test_language_walk.py and test_language_walk_rtl_cjk.py split the five
    languages so that two workers share them)."""
    from ism.models import User

    english = English(language)
    content = stored_words()
    found: dict[str, set[str]] = {}
    pages = 0
    for username in ROLES:
        if username:
            User.objects.filter(username=username).update(language=language)
        context = walk_context(
            browser, live_server.url, extra_http_headers={"Accept-Language": language}
        )
        # Nothing is intercepted: Playwright turns the HTTP cache off in a context
        # that routes requests, and with stylesheets and images blocked that way
        # every page fetched htmx and ism.js again from the live server (a median
        # 119 ms a page against 74 ms with the cache, the French walk 34 s -> 27 s).
        page = context.new_page()
        if username:
            log_in(page, username)
        for path, texts in walk_texts(page, live_server.url, language).items():
            pages += 1
            left = english.leftovers(texts, content)
            if left:
                found[f"{username or 'anonymous'} {path}"] = left
        context.close()
    assert pages > 40
    report = Path(ROOT, "test-artifacts")
    report.mkdir(exist_ok=True)
    (report / f"language-walk-{language}.txt").write_text(
        "\n".join(f"{where}: {sorted(left)}" for where, left in sorted(found.items())),
        encoding="utf-8",
    )
    assert found == {}, f"English left on {len(found)} of {pages} pages"
