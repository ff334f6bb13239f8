"""A convention's vocabulary loaded from data (issue 17): what a party is called,
its kinds of meeting and its catalogue of key obligations, each in the six
languages. `ism/reference/vocabularies.json` holds the APMBC's, the CCM's and
the CCW's; `load_demo` loads them, and so does a migration for conventions that
existed before. Staff change them on the convention's settings page.

Loading is idempotent: rows are matched by their code, so loading again changes
nothing, and a kind or obligation staff added stays."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.db import transaction

from ism.translated import ORIGINAL_LANGUAGE, column

VOCABULARIES = Path(__file__).resolve().parent / "reference" / "vocabularies.json"


@cache
def vocabularies() -> dict:
    return json.loads(VOCABULARIES.read_text(encoding="utf-8"))


def _resolved(value, shared: dict):
    """A block, or the shared block a string names; lists may name blocks too."""
    if isinstance(value, str):
        value = shared[value]
    if isinstance(value, list):
        items = []
        for item in value:
            resolved = _resolved(item, shared)
            items.extend(resolved if isinstance(resolved, list) else [resolved])
        return items
    return value


def vocabulary_for(name: str) -> dict:
    """The vocabulary called `name` ("CCW") in the reference file, its shared
    blocks filled in."""
    data = vocabularies()
    shared = data["_shared"]
    return {key: _resolved(value, shared) for key, value in data[name].items()}


def translated(field: str, texts: dict[str, str]) -> dict[str, str]:
    """{"en": …, "fr": …} as column values: `field` for the original (English),
    `field_fr` … for the translations."""
    values = {}
    for language, text in texts.items():
        key = field if language == ORIGINAL_LANGUAGE else column(field, language)
        values[key] = text
    return values


@transaction.atomic
def vocabulary_load(*, convention, data: dict, apps=None) -> None:
    """Set `convention`'s party names and create or update its meeting kinds and
    obligations from `data` (the shape of a vocabulary in the reference file).
    `apps`: a migration's historical models."""
    if apps is None:
        from django.apps import apps
    Convention = apps.get_model("ism", "Convention")
    ObligationKind = apps.get_model("ism", "ObligationKind")
    MeetingKind = apps.get_model("meetings", "MeetingKind")

    party = data["party"]
    names = {
        **translated("party_singular", party["singular"]),
        **translated("party_plural", party["plural"]),
        **translated("party_of", party["of"]),
    }
    # The convention's row stays locked to the end: a second load of the same
    # convention waits here, then finds the rows this one made.
    Convention.objects.filter(pk=convention.pk).update(**names)
    for key, value in names.items():
        setattr(convention, key, value)
    kinds = {
        kind["code"]: {
            "numbered": kind.get("numbered", False),
            "committee": kind.get("committee", ""),
            "public": kind.get("public", False),
            "adopts_budget": kind.get("adopts_budget", False),
            "order": order,
            **translated("name", kind["name"]),
            **translated("title_pattern", kind.get("title", {})),
        }
        for order, kind in enumerate(data.get("meeting_kinds", []), start=1)
    }
    obligations = {
        obligation["code"]: {"order": order, **translated("label", obligation["label"])}
        for order, obligation in enumerate(data.get("obligations", []), start=1)
    }
    rows_sync(MeetingKind, kinds, convention=convention)
    rows_sync(ObligationKind, obligations, convention=convention)


def rows_sync(model, rows: dict[str, dict], *, key: str = "code", **scope) -> int:
    """The rows of `model` within `scope` (convention=…) made to say what `rows`
    ({key: values}) says: the keys it lacks created, those whose values differ
    updated, others (staff's own) left. One read and at most one insert and one
    update, where a row at a time took three or four queries (a convention made in
    a test took a fifth of a second for its fourteen rows; the 195 States of
    states_sync, 400 queries). Returns the number of rows created."""
    existing = {
        getattr(row, key): row
        for row in model.objects.filter(**scope, **{f"{key}__in": list(rows)})
    }
    new, changed, fields = [], [], set()
    for value, values in rows.items():
        row = existing.get(value)
        if row is None:
            new.append(model(**scope, **{key: value}, **values))
            continue
        differ = {
            name for name, wanted in values.items() if getattr(row, name) != wanted
        }
        for name in differ:
            setattr(row, name, values[name])
        if differ:
            changed.append(row)
            fields |= differ
    model.objects.bulk_create(new)
    if changed:
        model.objects.bulk_update(changed, sorted(fields))
    return len(new)


def vocabulary_migrate(apps, schema_editor) -> None:
    """The data step of the migration that made the vocabulary data: each
    convention gets its vocabulary from the reference file (its own, or the
    States Parties' one the APMBC and CCM share for a convention the file does
    not name), and every kind of meeting or obligation a row already uses gets
    a row of its own, so every existing meeting and obligation keeps its name
    and rules."""
    Convention = apps.get_model("ism", "Convention")
    Meeting = apps.get_model("meetings", "Meeting")
    MeetingKind = apps.get_model("meetings", "MeetingKind")
    KeyObligation = apps.get_model("meetings", "KeyObligation")
    ObligationKind = apps.get_model("ism", "ObligationKind")
    names = vocabularies()
    fallback = vocabulary_for("APMBC")
    for convention in Convention.objects.all():
        name = convention.code if convention.code in names else "APMBC"
        vocabulary_load(convention=convention, data=vocabulary_for(name), apps=apps)
    kinds = {kind["code"]: kind for kind in fallback["meeting_kinds"]}
    used = Meeting.objects.values_list("convention_id", "kind").distinct()
    for convention_id, code in used:
        kind = kinds.get(code, {"name": {"en": code}})
        MeetingKind.objects.get_or_create(
            convention_id=convention_id,
            code=code,
            defaults={
                "numbered": kind.get("numbered", False),
                "committee": kind.get("committee", ""),
                "public": kind.get("public", False),
                "adopts_budget": kind.get("adopts_budget", False),
                **translated("name", kind["name"]),
                **translated("title_pattern", kind.get("title", {})),
            },
        )
    labels = {item["code"]: item["label"] for item in fallback["obligations"]}
    used = KeyObligation.objects.values_list("convention_id", "kind").distinct()
    for convention_id, code in used:
        ObligationKind.objects.get_or_create(
            convention_id=convention_id,
            code=code,
            defaults=translated("label", labels.get(code, {"en": code})),
        )


def with_translations(*fields: str) -> list[str]:
    """Each field and its translation columns, in the order a form shows them."""
    from ism.translated import TRANSLATION_LANGUAGES

    return [
        name
        for field in fields
        for name in (field, *(column(field, lang) for lang in TRANSLATION_LANGUAGES))
    ]


# What staff edit of a convention's catalogues, by model name.
MEETING_KIND_FIELDS = [
    *with_translations("name", "title_pattern"),
    "numbered",
    "committee",
    "public",
    "adopts_budget",
    "order",
]
OBLIGATION_KIND_FIELDS = [*with_translations("label"), "order"]


@transaction.atomic
def catalogue_row_save(*, row, data: dict, fields: list[str], actor):
    """ISU staff add or change a row of their convention's vocabulary (a kind
    of meeting, an obligation). A new row takes its code from `data`; an
    existing one keeps it, since meetings and obligations name it."""
    from django.core.exceptions import ValidationError

    from ism.access import require_manage
    from ism.audit import save_and_record
    from ism.services import _apply

    require_manage(actor, row.convention_id)
    adding = row._state.adding
    if adding:
        row.code = data.get("code", "")
        taken = type(row).objects.filter(convention_id=row.convention_id, code=row.code)
        if taken.exists():
            raise ValidationError({"code": _code_taken()})
    changes = _apply(row, data, fields)
    if adding:
        changes["code"] = [None, row.code]
    save_and_record(
        row, changes, actor=actor, verb="settings changed", convention=row.convention
    )
    return row


def _code_taken() -> str:
    from django.utils.translation import gettext

    return gettext("The convention already has this code.")
