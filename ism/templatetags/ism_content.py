"""What staff typed, in the document's language (ism.translated.text_in).

    {% load ism_content %}
    {% in_language node.result "text" %}
    {% in_language note "text" linebreaks=True %}

draws the translation into the active language, or the original followed by the
marker `<sup class="untranslated">*</sup>` where none has been entered yet; a
document that shows one says what the marker means once
(templates/pdf/_untranslated_note.html, its context's `untranslated`)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language

from ism.translated import TRANSLATION_LANGUAGES, missing_languages, text_in
from ism.translations_page import missing_summary

register = template.Library()

MARKER = '<sup class="untranslated">*</sup>'


@register.simple_tag
def in_language(obj, field: str, linebreaks: bool = False):
    text, untranslated = text_in(obj, field, get_language())
    shown = linebreaksbr(text) if linebreaks else conditional_escape(text)
    if untranslated:
        return format_html("{}" + MARKER, shown)
    return shown


@register.inclusion_tag("ism/_missing_translations.html")
def missing_translations(obj):
    """An item's badge on an edit page: "Not yet translated" when no translation
    has been entered, else the languages still missing; nothing when complete."""
    missing = missing_languages(obj)
    names = dict(settings.LANGUAGES)
    return {
        "none": len(missing) == len(TRANSLATION_LANGUAGES),
        "names": [names[code] for code in missing],
    }


@register.inclusion_tag("ism/_translations_status.html")
def translations_status(url: str, *groups):
    """The edit pages' line: a link to the translations page, and each language
    still missing with how many items lack it (`groups`: lists of items)."""
    return {"url": url, "missing": missing_summary(o for g in groups for o in g)}
