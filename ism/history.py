"""History in words: what an audit event's `changes` say, as a reader says it.

The audit trail stores each change as the services wrote it (ism.audit.plain):
{"salaries_total": ["568386.00", None], "due_date": [None, "2027-02-03"],
"positions.Implementation Support Officer #2.salary": ["118386.00", "120000.00"],
"figure:mines_destroyed": ["120", "140"]}. That is the record, never rewritten;
this module is only how a history table shows it, in the page's language:

* a key that is a field of the event's model is named by the field's
  verbose_name ("Due date"), its value formatted by the field's kind: money with
  its currency and grouped as the pages group it ("CHF 15,175.53"), a date or a
  time in ISM's one date style (ism.dates), a choice by its label, a yes/no;
* a row of a section ("positions.<title>.salary": the Budget's `positions`, a
  StaffPosition's `salary`) is a sentence: "Annual salary cost of Implementation
  Support Officer #2 changed from CHF 118,386 to CHF 120,000"; a row added or
  removed whole is one line ("Staff position Director added: FTE 1.0");
* keys the model has no field for are named by what an app registers here
  (register_keys, register_resolver: budgets/history.py, reporting/history.py,
  found by autodiscovery like admin.py), else by the key in words ("Copied
  from"); dates and "<amount> <currency>" inside such a value read as above;
* nothing is "—".

`entries(events)` is the one display function: templates/ism/_history.html calls
it through the `history_entries` tag, so every history table reads the same.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.module_loading import autodiscover_modules
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from djmoney.models.fields import MoneyField

from ism.dates import long_date, long_datetime
from ism.money import format_amount
from ism.verbs import verb_text

EMPTY = "—"


@dataclass(frozen=True)
class Key:
    """What a key of `changes` is: its label and how its values read.

    kind: "text" (as stored), "money", "date", "datetime", "bool", "decimal",
    "count" (a whole number, grouped), "area" (square metres), "choice"
    (`choices` maps a stored value to its label), "prose" (text a service wrote,
    whose ISO dates and "<amount> <currency>" are put in words)."""

    label: Any
    kind: str = "text"
    choices: dict = field(default_factory=dict)
    # Money: the attribute of the object that holds its currency.
    currency_field: str = ""
    # A row of a section: its name ("Director") and what the rows are.
    item: str = ""
    item_kind: Any = ""
    # Where the field comes in its row (its model's field order).
    position: int = 0


# --- What apps register ---------------------------------------------------------------

Resolver = Callable[[str, Any], "Key | None"]
_keys: dict[type[models.Model], dict[str, Key]] = defaultdict(dict)
_resolvers: dict[type[models.Model], list[Resolver]] = defaultdict(list)
_discovered = False


def register_keys(model: type[models.Model], **keys: Key) -> None:
    """Name keys `model`'s events write that are not its fields:
    register_keys(Invoice, applied=Key(gettext_lazy("applied"), "money"))."""
    _keys[model].update(keys)


def register_resolver(model: type[models.Model], resolver: Resolver) -> None:
    """resolver(key, event) → Key or None, asked first for each key of `model`'s
    events (keys named by pattern: "figure:<key>")."""
    _resolvers[model].append(resolver)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("history")
        _discovered = True


# --- Keys -----------------------------------------------------------------------------


def field_key(model_field: models.Field, **extra) -> Key:
    """The Key of a model field: its verbose_name, its kind. A field declared
    without one has Django's ("kind", a plain str): named as the catalogue words
    it."""
    name = model_field.verbose_name
    label = _humanize(name) if isinstance(name, str) else capfirst(name)
    if isinstance(model_field, MoneyField):
        currency = f"{model_field.name}_currency"
        return Key(label, "money", currency_field=currency, **extra)
    if model_field.choices:
        return Key(label, "choice", dict(model_field.flatchoices), **extra)
    kinds = [
        (models.DateTimeField, "datetime"),
        (models.DateField, "date"),
        (models.BooleanField, "bool"),
        (models.DecimalField, "decimal"),
        (models.FloatField, "decimal"),
        (models.CharField, "text"),
        (models.TextField, "text"),
    ]
    kind = next((k for cls, k in kinds if isinstance(model_field, cls)), "text")
    return Key(label, kind, **extra)


def _concrete_field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if found.is_relation and not (found.many_to_one or found.one_to_one):
        return None
    return found if getattr(found, "concrete", False) else None


def _section_key(model: type[models.Model], key: str) -> Key | None:
    """A key of a section's row: "positions.Director.fte" is the `positions`
    rows' field `fte`, of the row named "Director"; "lines.order" is the order
    of the rows."""
    section, _sep, rest = key.partition(".")
    try:
        relation = model._meta.get_field(section)
    except FieldDoesNotExist:
        return None
    row_model = getattr(relation, "related_model", None)
    if not (relation.is_relation and row_model and relation.one_to_many):
        return None
    rows = capfirst(row_model._meta.verbose_name_plural)
    if rest == "order":
        return Key(_("Order of %(rows)s") % {"rows": rows.lower()}, "list")
    item, _sep, attr = rest.rpartition(".")
    if not item:
        return None
    kind = row_model._meta.verbose_name
    if item.isdigit():  # notes: rows without a name go by their number
        item = f"{kind} {item}"
    row_field = _concrete_field(row_model, attr)
    if row_field is not None:
        place = row_field.creation_counter
        return field_key(row_field, item=item, item_kind=kind, position=place)
    return Key(_humanize(attr), "prose", item=item, item_kind=kind)


def _humanize(key: str) -> str:
    """A key in words: "copied_from" → "Copied from", translated where the
    catalogue has the phrase as a heading ("Outcomes") or as a word."""
    raw = re.sub(r"[_\-]+", " ", key).strip()
    heading = capfirst(raw)
    if raw and _(heading) != heading:
        return _(heading)
    return capfirst(_(raw)) if raw else key


def describe(model: type[models.Model] | None, key: str, event=None) -> Key:
    """The Key of `key` in an event on `model`."""
    if model is None:
        return Key(_humanize(key), "prose")
    _discover()
    for klass in model.__mro__:
        for resolver in _resolvers.get(klass, ()):
            found = resolver(key, event)
            if found is not None:
                return found
        if key in _keys.get(klass, {}):
            found = _keys[klass][key]
            return replace(found, label=capfirst(found.label))
    model_field = _concrete_field(model, key)
    if model_field is not None:
        return field_key(model_field)
    if "." in key:
        found = _section_key(model, key)
        if found is not None:
            return found
    return Key(_humanize(key), "prose")


# --- Values ---------------------------------------------------------------------------


def _decimal(value) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def money_text(value, currency: str = "") -> str:
    """An amount as the pages show it: "CHF 118,386", "CHF 15,175.53" (grouped,
    cents only when there are some: budgets_ui.amount)."""
    written = _MONEY_WRITTEN.fullmatch(str(value))
    if written:  # "2700000 EUR": an amount recorded with its own currency
        value, currency = written.groups()
    number = _decimal(value)
    if number is None:
        return str(value)
    places = 0 if number == number.to_integral_value() else 2
    text = format_amount(abs(number), get_language(), places=places)
    text = f"−{text}" if number < 0 else text
    return f"{currency} {text}" if currency else text


def number_text(value, places: int | None = None) -> str:
    """A number grouped for the page's language, with its own decimals."""
    number = _decimal(value)
    if number is None:
        return str(value)
    if places is None:
        places = max(0, -number.normalize().as_tuple().exponent)
    return format_amount(number, get_language(), places=places)


_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_ISO_DATE_IN_TEXT = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")
# "20056.64 CHF" as ism.audit.plain writes an amount, then its currency.
_MONEY_IN_TEXT = re.compile(r"(?<![\w.])(-?\d+\.\d{2}) ([A-Z]{3})\b")
# A money field's value recorded with its currency: "2700000 EUR".
_MONEY_WRITTEN = re.compile(r"(-?\d+(?:\.\d+)?) ([A-Z]{3})")


def _date_text(value: str) -> str:
    try:
        return long_date(dt.date.fromisoformat(value))
    except ValueError:
        return value


def _datetime_text(value: str) -> str:
    try:
        return long_datetime(dt.datetime.fromisoformat(value))
    except ValueError:
        return value


def prose_text(value: str) -> str:
    """A line a service wrote ("2026-06-04 20056.64 CHF (ref)") with its dates
    and amounts in words ("4 June 2026 CHF 20,056.64 (ref)")."""
    if _ISO_DATETIME.match(value):
        shown = _datetime_text(value)
        if shown != value:
            return shown
    value = _ISO_DATE_IN_TEXT.sub(lambda m: _date_text(m.group(1)), value)
    return _MONEY_IN_TEXT.sub(lambda m: money_text(m.group(1), m.group(2)), value)


def value_text(value, key: Key, currency: str = "") -> str:
    """One stored value as the reader sees it; "—" for nothing."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, replace(key, kind="text")) for v in value)
    if isinstance(value, bool) or key.kind == "bool":
        truth = value if isinstance(value, bool) else str(value).lower() == "true"
        return _("yes") if truth else _("no")
    kind = key.kind
    if kind == "choice":
        return str(key.choices.get(value, value))
    if kind == "money":
        return money_text(value, currency)
    if kind == "date":
        return _date_text(str(value))
    if kind == "datetime":
        return _datetime_text(str(value))
    if kind in ("decimal", "count"):
        return number_text(value, 0 if kind == "count" else None)
    if kind == "area":
        return f"{number_text(value)} m²"
    if kind == "prose" and isinstance(value, str):
        return prose_text(value)
    return str(value)


# --- Changes and entries --------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One change in words. `sentence` for a row of a section; else the label
    and the values ("Due date: 3 February 2027", "Status: Draft → Submitted")."""

    label: str
    old: str = EMPTY
    new: str = EMPTY
    sentence: str = ""

    @property
    def added(self) -> bool:
        return self.old == EMPTY

    def __str__(self) -> str:
        if self.sentence:
            return self.sentence
        if self.added:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


def _row_sentence(key: Key, old: str, new: str) -> str:
    values = {"label": capfirst(key.label), "item": key.item, "old": old, "new": new}
    if old == EMPTY:
        return _("%(label)s of %(item)s set to %(new)s") % values
    if new == EMPTY:
        return _("%(label)s of %(item)s removed (was %(old)s)") % values
    return _("%(label)s of %(item)s changed from %(old)s to %(new)s") % values


def _lower_first(label: str) -> str:
    """A label inside a sentence: "annual salary cost", but "FTE" stays."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _whole_rows(lines: list[tuple[Key, str, str]]) -> list[Change]:
    """The changes of one row of a section: one line when the row came or went
    whole, else one sentence each; in the order of the row's fields."""
    lines = sorted(lines, key=lambda line: line[0].position)
    first = lines[0][0]
    if all(old == EMPTY for _k, old, _n in lines) and len(lines) > 1:
        done, shown = _("%(row)s added"), [(k, n) for k, _o, n in lines]
    elif all(new == EMPTY for _k, _o, new in lines) and len(lines) > 1:
        done, shown = _("%(row)s removed"), [(k, o) for k, o, _n in lines]
    else:
        return [
            Change(capfirst(k.label), o, n, _row_sentence(k, o, n)) for k, o, n in lines
        ]
    # The value that names the row ("Director") is in the sentence already.
    parts = "; ".join(
        f"{_lower_first(str(k.label))} {text}"
        for k, text in shown
        if text not in (EMPTY, first.item)
    )
    kind = str(first.item_kind)
    # "budget note 3" says what it is already; "Director" is a staff position.
    row = first.item if first.item.startswith(kind) else f"{kind} {first.item}"
    head = done % {"row": capfirst(row)}
    return [Change(head, sentence=f"{head}: {parts}" if parts else head)]


def changes_text(event, obj=None) -> list[Change]:
    """The changes of `event` in words, in the order they were recorded; `obj` is
    the object they were made to when it still exists (its currencies)."""
    model = _model(event)
    convention = getattr(event, "convention", None)
    fallback = getattr(obj, "currency", None) or getattr(convention, "currency", "")
    result: list[Change] = []
    rows: dict[tuple[str, str], list] = {}
    for name, change in (event.changes or {}).items():
        if not (isinstance(change, list | tuple) and len(change) == 2):
            change = [None, change]  # any other detail: shown as it is
        key = describe(model, name, event)
        currency = ""
        if key.kind == "money":
            currency = str(getattr(obj, key.currency_field, None) or fallback or "")
        old, new = (value_text(v, key, currency) for v in change)
        if key.item:
            group = rows.setdefault((str(key.item_kind), key.item), [])
            if not group:
                result.append(group)  # placeholder: the row keeps its place
            group.append((key, old, new))
        else:
            result.append(Change(str(key.label), old, new))
    flat: list[Change] = []
    for entry in result:
        flat.extend(_whole_rows(entry) if isinstance(entry, list) else [entry])
    return flat


@dataclass(frozen=True)
class Entry:
    """An event as a history row: when, who, what, and its changes in words."""

    event: Any
    changes: list[Change]

    @property
    def at(self):
        return self.event.at

    @property
    def actor(self):
        return self.event.actor

    @property
    def verb(self) -> str:
        return verb_text(self.event.verb)


def _model(event) -> type[models.Model] | None:
    """The model of the event's object (ContentType's cache: no query)."""
    if not event.content_type_id:
        return None
    return ContentType.objects.get_for_id(event.content_type_id).model_class()


def _objects(events: list) -> dict[tuple[int, str], models.Model]:
    """The objects the events were recorded on, one query per kind of object."""
    wanted: dict[int, set[str]] = defaultdict(set)
    for event in events:
        wanted[event.content_type_id].add(event.object_id)
    found = {}
    for event in events:
        model = _model(event)
        ids = wanted.pop(event.content_type_id, None)
        if model is None or not ids:
            continue
        try:
            for obj in model._base_manager.filter(pk__in=list(ids)):
                found[(event.content_type_id, str(obj.pk))] = obj
        except (ValueError, TypeError):  # an object id of another shape
            continue
    return found


def entries(events: Iterable) -> list[Entry]:
    """Events (an AuditEvent queryset or list) as history rows, in their order."""
    events = list(events)
    # Their conventions (a currency, a report's catalogue) in one query.
    prefetch_related_objects(events, "convention")
    objects = _objects(events)
    return [
        Entry(
            event,
            changes_text(event, objects.get((event.content_type_id, event.object_id))),
        )
        for event in events
    ]
