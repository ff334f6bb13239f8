"""What staff type, in several languages (issue 18).

Work plan statements and indicators, budget line labels and notes, meeting titles
and agenda items carry a column per language next to their original, added by
django-modeltranslation (`<field>_fr`, `<field>_es`, `<field>_zh_hans`, `<field>_ru`,
`<field>_ar`; each app's `translation.py` names its fields).

The original stays what it was: the existing column, written in English as the ISUs
write their documents ("Original: English" on the translations). Every page, form,
service, audit event, comparison of versions and frozen version keeps reading and
writing `obj.<field>` as before, whatever language the person's interface is in.
modeltranslation would instead make `obj.<field>` and lookups on it follow the
active language (a French-speaking officer editing a statement would then write
into its French column, and a version frozen in a French session would be frozen in
French), so `register` gives each model back Django's own attribute, constructor and
managers once the columns are added. Translations are read in one place,
`text_in`, by the documents and the API; a missing one falls back to the original,
and says so. `<field>_en` is modeltranslation's column for its default language:
ISM leaves it empty, the original column being the English text.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.utils import translation
from modeltranslation.translator import TranslationOptions, translator
from modeltranslation.utils import build_localized_fieldname

ORIGINAL_LANGUAGE: str = settings.LANGUAGE_CODE
# The languages a translation can be entered in, in the order of the menu.
TRANSLATION_LANGUAGES: tuple[str, ...] = tuple(
    code for code, _name in settings.LANGUAGES if code != ORIGINAL_LANGUAGE
)
# Model -> its translated fields, as registered.
TRANSLATED_FIELDS: dict[type[models.Model], tuple[str, ...]] = {}


def register(model: type[models.Model], *fields: str) -> None:
    """Add a column per language for `fields` and keep `model` itself unchanged."""
    if "__init__" in model.__dict__:
        raise TypeError(f"{model.__name__} defines __init__: it would be lost.")
    meta_class = model._meta.__class__
    local_managers = list(model._meta.local_managers)
    manager_classes = [(m, m.__class__) for m in model._meta.managers]
    options = type(f"{model.__name__}Translation", (TranslationOptions,), {})
    options.fields = fields
    translator.register(model, options)  # adds the `<field>_<language>` fields
    # What it patched to follow the active language, given back: the attribute
    # (read and written as the original column), the constructor (which would
    # copy `text=` into the active language's column), and the managers (which
    # would rewrite filter/order_by/values/update on `text` to that column).
    for name in fields:
        field = model._meta.get_field(name)
        setattr(model, name, field.descriptor_class(field))
    del model.__init__
    for manager, manager_class in manager_classes:
        manager.__class__ = manager_class
    model._meta.__class__ = meta_class
    model._meta.local_managers = local_managers
    model._meta._expire_cache()
    TRANSLATED_FIELDS[model] = fields


def content_language(code: str | None) -> str:
    """One of settings.LANGUAGES for a language code ("zh-Hans", "fr-ch", "FR"),
    the original's for an unknown or empty one."""
    try:
        return translation.get_supported_language_variant((code or "").lower())
    except LookupError:
        return ORIGINAL_LANGUAGE


def column(field: str, language: str) -> str:
    """The column holding `field` in `language` ("text_zh_hans")."""
    return build_localized_fieldname(field, language)


def translation_columns(model: type[models.Model]) -> list[str]:
    """Every translation column of `model`, e.g. for `.only()`."""
    return [
        column(field, language)
        for field in TRANSLATED_FIELDS[model]
        for language in TRANSLATION_LANGUAGES
    ]


def text_in(obj: models.Model, field: str, language: str | None) -> tuple[str, bool]:
    """`obj.<field>` in `language`, and whether it is the original standing in
    for a translation not yet entered (True: mark it as not yet translated)."""
    original = getattr(obj, field)
    language = content_language(language)
    if language == ORIGINAL_LANGUAGE or not (original or "").strip():
        return original, False
    translated = getattr(obj, column(field, language))
    if translated and translated.strip():
        return translated, False
    return original, True


def missing_languages(obj: models.Model) -> list[str]:
    """The languages in which some non-empty original of `obj` has no translation."""
    fields = TRANSLATED_FIELDS[type(obj)]
    return [
        language
        for language in TRANSLATION_LANGUAGES
        if any(text_in(obj, field, language)[1] for field in fields)
    ]


def any_untranslated(objects, language: str | None) -> bool:
    """Whether a document in `language` shows some of `objects` in the original."""
    return any(
        text_in(obj, field, language)[1]
        for obj in objects
        for field in TRANSLATED_FIELDS[type(obj)]
    )


def translations_save(
    *, owner: models.Model, language: str, texts: dict[tuple, str], actor
) -> int:
    """Store the translations into `language` of `texts` ({(obj, field): text};
    blank: none yet) and record one audit event on `owner` (the budget, work plan
    or meeting they belong to). Only translation columns are written, the
    original stays as it is; an owner with a `revision` (budget, work plan) moves
    to the next one, so that its documents in every language, each stored for
    the revision it was rendered from (ism.document_languages), are made again.
    Returns how many changed."""
    from ism.audit import audit_record

    if language not in TRANSLATION_LANGUAGES:
        raise ValueError(f"Not a translation language: {language}")
    changed: dict[type[models.Model], tuple[dict, set]] = {}
    changes = {}
    for (obj, field), text in texts.items():
        name = column(field, language)
        before, after = getattr(obj, name), (text or "").strip() or None
        if (before or None) != after:
            setattr(obj, name, after)
            rows, names = changed.setdefault(type(obj), ({}, set()))
            rows[obj.pk] = obj
            names.add(name)
            changes[f"{obj._meta.verbose_name} {obj.pk}: {name}"] = [before, after]
    if not changes:
        return 0
    with transaction.atomic():
        for model, (rows, names) in changed.items():
            model.objects.bulk_update(list(rows.values()), sorted(names))
        if hasattr(owner, "revision"):
            type(owner).objects.filter(pk=owner.pk).update(
                revision=models.F("revision") + 1
            )
        audit_record(actor=actor, verb="translations saved", obj=owner, changes=changes)
    return len(changes)


# The languages the translation columns were added for, as the migrations wrote them:
# a migration must read the same whatever the settings are later.
MIGRATED_LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh_hans")


def columns_added(model_name: str, **fields) -> list:
    """The migration operations adding translation columns to `model_name`: for
    each field name, a new field from its factory per language."""
    from django.db import migrations

    return [
        migrations.AddField(
            model_name=model_name, name=f"{name}_{language}", field=make_field()
        )
        for name, make_field in fields.items()
        for language in MIGRATED_LANGUAGES
    ]
