"""Two people saving the same thing: the second save never silently undoes the
first.

An edit form carries the version it was loaded from: `version_of(values)`, a
signed, compressed snapshot of the values the form edits (written as the audit
trail writes them, ism.audit.plain). On save the service, holding the row's lock,
reads the same values again and calls `require_unchanged(version, values)`: if any
differs it raises `EditConflict`, nothing is written, and the page shows what
changed meanwhile (field → what the user loaded, what is there now) beside the
user's own input, with a fresh version, so they can re-apply their edits and save
again. The snapshot, not a counter, is the version: it says *what* changed, and it
needs no column on any table.

A missing or tampered version is a conflict too (nothing to compare with): a
client cannot skip the check by leaving the field out. Services take `version`
as a required argument; code that means to write over whatever is there (the
demo loader, an import) says so with `version=LATEST`, which no form can send.

Two people creating the same thing (a rate, a payment, a work plan that may exist
once): the service looks first, but both may look before either commits, so the
row's unique constraint decides and `insert_or_refuse` turns its refusal into a
message for the second one.
"""

from __future__ import annotations

from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from ism.audit import plain, snapshot

SALT = "ism.concurrency.version"
FIELD = "version"


class _Latest:
    def __repr__(self) -> str:
        return "LATEST"


# "Whatever is there now": for callers that are not an edit form.
LATEST = _Latest()


class EditConflict(ValidationError):
    """Someone saved first. `changes` maps each value that changed since the form
    was loaded to [what the user loaded, what is there now] ({} when the form's
    version was missing or forged)."""

    def __init__(self, changes: dict[str, list], version: str | None = None):
        self.changes = changes
        # The version of what is there now: the page's next save is against it.
        self.version = version
        super().__init__(
            _(
                "Someone else saved this while you were editing it. Nothing of "
                "yours was saved: check what changed, then save again."
            ),
            code="edit_conflict",
        )


def _plain_values(values: dict[str, Any]) -> dict[str, Any]:
    return {name: plain(value) for name, value in values.items()}


def version_of(values: dict[str, Any]) -> str:
    """The version of these values, to carry in the form (a hidden field)."""
    return signing.dumps(_plain_values(values), salt=SALT, compress=True)


def changes_since(version: str | None, values: dict[str, Any]) -> dict[str, list]:
    """[loaded, now] for every value that differs from the version's."""
    now = _plain_values(values)
    try:
        loaded = signing.loads(version or "", salt=SALT)
    except signing.BadSignature:
        raise EditConflict({}, version_of(values)) from None
    return {
        name: [loaded.get(name), now.get(name)]
        for name in sorted(set(loaded) | set(now))
        if loaded.get(name) != now.get(name)
    }


def require_unchanged(version: str | _Latest | None, values: dict[str, Any]) -> None:
    """Refuse the save (EditConflict) unless the values are the version's."""
    if version is LATEST:
        return
    changes = changes_since(version, values)
    if changes:
        raise EditConflict(changes, version_of(values))


def version_field():
    """The hidden field an edit form carries its version in."""
    from django import forms

    return forms.CharField(widget=forms.HiddenInput, required=False)


def with_version(data, version: str, prefix: str = ""):
    """A copy of posted data carrying `version`: the user's entries, shown again
    after a conflict, saved over the values that are there now."""
    data = data.copy()
    data[f"{prefix}-{FIELD}" if prefix else FIELD] = version
    return data


def conflict_rows(form, changes: dict[str, list]) -> list[tuple[str, Any, Any]]:
    """(label, what the user loaded, what is there now) for each change, named as
    the form names its fields ("figure:mines" is the field figure_mines)."""
    rows = []
    for key, (loaded, now) in changes.items():
        field = form.fields.get(key) or form.fields.get(key.replace(":", "_"))
        label = field.label if field is not None and field.label else key
        if field is None:  # "lines.Staff travel.amount"
            label = key.replace(".", " › ")
        names = dict(getattr(field, "choices", None) or ())
        rows.append((str(label), names.get(loaded, loaded), names.get(now, now)))
    return rows


def fields_version(obj, fields: list[str]) -> str:
    """The version of a row's `fields`: what a ModelForm editing them carries."""
    return version_of(snapshot(obj, fields))


def require_fields_unchanged(data: dict, obj, fields: list[str]) -> None:
    """For a service updating `fields` of a locked row from a form's data: refuse
    unless the row is as the form loaded it (data["version"])."""
    require_unchanged(data.get(FIELD), snapshot(obj, fields))


class VersionedModelForm:
    """Mixin for a ModelForm that edits `version_fields` of its instance: it
    carries their version (hidden), which the service checks."""

    version_fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = version_field()
        if self.instance.pk is not None:
            self.initial[FIELD] = fields_version(self.instance, self.version_fields)


def insert_or_refuse(obj: Model, refusal: dict) -> None:
    """Insert `obj`, a row its unique constraint allows once, in a savepoint. When
    a concurrent request inserted the same row a moment before, the second is
    told (`refusal`: {field: message}), not crashed, and its transaction goes
    on."""
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(refusal) from None
