"""The translations page of a budget, a work plan or a meeting (issue 18): one
language at a time (`?lang=`, tabs for the five), each item with its original
shown and a field for its translation, and the languages it still lacks.

A page of its own rather than fields on the edit pages: the budget's edit page
draws 200 lines in a few milliseconds (ism.formset_rows), and five more fields a
line would multiply what it sends and draws. The apps' views pick the items and
who may edit; this module is the page they share, ism.translated.translations_save
its service."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ism.pages import render_form
from ism.params import query_language
from ism.translated import (
    TRANSLATED_FIELDS,
    TRANSLATION_LANGUAGES,
    column,
    missing_languages,
    translations_save,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


@dataclass
class Item:
    """One thing staff typed: what the page calls it ("Activity 1.1.1") and it."""

    heading: str
    obj: models.Model


class TranslationsForm(forms.Form):
    """A field per non-empty original of `items`, labelled with the original."""

    def __init__(self, data, *, items: list[Item], language: str):
        super().__init__(data)
        self.targets: dict[str, tuple] = {}
        self.groups = []
        for item in items:
            names = []
            for field in TRANSLATED_FIELDS[type(item.obj)]:
                original = getattr(item.obj, field)
                if not (original or "").strip():
                    continue
                name = f"{item.obj._meta.model_name}-{item.obj.pk}-{field}"
                model_field = item.obj._meta.get_field(field)
                attrs = {"lang": language, "dir": "auto"}
                if isinstance(model_field, models.TextField):
                    widget = forms.Textarea(attrs={**attrs, "rows": 3})
                else:
                    widget = forms.TextInput(attrs=attrs)
                self.fields[name] = forms.CharField(
                    label=original,
                    required=False,
                    max_length=model_field.max_length,
                    widget=widget,
                )
                self.initial[name] = getattr(item.obj, column(field, language)) or ""
                self.targets[name] = (item.obj, field)
                names.append(name)
            if names:
                missing = [LANGUAGE_NAMES[c] for c in missing_languages(item.obj)]
                self.groups.append((item, missing, [self[name] for name in names]))

    def texts(self) -> dict[tuple, str]:
        return {self.targets[n]: v for n, v in self.cleaned_data.items()}


def language_tabs(items: list[Item], current: str) -> list[dict]:
    missing = [missing_languages(item.obj) for item in items]
    return [
        {
            "code": code,
            "name": LANGUAGE_NAMES[code],
            "current": code == current,
            "missing": sum(code in languages for languages in missing),
        }
        for code in TRANSLATION_LANGUAGES
    ]


def translations_page(request, *, owner, items: list[Item], title: str, back_url):
    """GET: the page in `?lang=` (French unless asked); POST: save, then back to it."""
    language = query_language(request)
    if language not in TRANSLATION_LANGUAGES:
        language = TRANSLATION_LANGUAGES[0]
    data = request.POST if request.method == "POST" else None
    form = TranslationsForm(data, items=items, language=language)
    if data is not None and form.is_valid():
        translations_save(
            owner=owner, language=language, texts=form.texts(), actor=request.user
        )
        messages.success(request, _("Translations saved."))
        return redirect(f"{request.path}?lang={language}")
    context = {
        "title": title,
        "owner": owner,
        "form": form,
        "language": language,
        "tabs": language_tabs(items, language),
        "back_url": back_url,
    }
    return render_form(request, "ism/translations.html", context)


def missing_summary(objects) -> list[dict]:
    """For an edit page: each language some of `objects` lack, and how many."""
    missing = [missing_languages(obj) for obj in objects]
    counts = [(code, sum(code in m for m in missing)) for code in TRANSLATION_LANGUAGES]
    return [{"code": c, "name": LANGUAGE_NAMES[c], "count": n} for c, n in counts if n]
