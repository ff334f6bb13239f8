"""Parties in bulk: a convention's States and their membership of each of its
instruments, from a CSV file in the shape the UN Treaty Collection publishes
(issue 17). Read in full and judged first (the preview), then recorded; a file
with a problem records nothing; importing the same file again changes nothing.

Columns (a header row first, in any order, case and spacing ignored; lines
starting with "#" are comments):
- `participant` (or `state`): the State's name as the UNTC writes it
  ("Bolivia (Plurinational State of)"), its common name, or its ISO 3166 code;
- `signature`: the day the State signed the base instrument (the Convention);
- one column per instrument, named by its code ("convention", "p1" to "p5",
  "apii") or its name ("Amended Protocol II"): the day the State consented to be
  bound, followed by the UNTC's mark of how — none for ratification, "a"
  accession, "A" acceptance, "AA" approval, "d" succession ("7 Jun 1995 a");
- optionally, per instrument, "<instrument> signature", "<instrument> entry into
  force" and "<instrument> withdrawal" (the day a withdrawal took effect).
Dates are written 2026-03-31 or 31 Mar 2026. Without an entry into force, it is
the instrument's rule (Instrument.entry_into_force_for). A blank cell changes
nothing: an import never removes a membership ISM has.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ism.audit import audit_event, audit_record_many, plain
from ism.models import Convention, Instrument, InstrumentMembership, State
from ism.parties import MEMBERSHIP, memberships_save
from ism.un_members import NAME_ALIASES
from ism.workflow import require_staff

Kind = InstrumentMembership.ConsentKind
# The UNTC's marks after a date, and what each says.
CONSENT_MARKS = {
    "a": Kind.ACCESSION,
    "A": Kind.ACCEPTANCE,
    "AA": Kind.APPROVAL,
    "d": Kind.SUCCESSION,
}
PARTICIPANT_COLUMNS = ("participant", "state", "state party", "high contracting party")
# What each optional column per instrument sets.
EXTRA_COLUMNS = {
    "signature": "signature_date",
    "entry into force": "entry_into_force",
    "withdrawal": "withdrawal",
}
FIELDS = MEMBERSHIP


def _key(text: str) -> str:
    """A name as compared: accents, case, punctuation and spacing left out."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text).split())


def state_names() -> dict[str, State]:
    """Every State by each name it goes by (as `_key` writes it): ISM's name
    and official name, ISO 3166's names, the UN's usual names, its codes."""
    index: dict[str, State] = {}
    by_iso3 = {s.iso3: s for s in State.objects.all()}
    for alias, iso3 in NAME_ALIASES.items():
        if iso3 in by_iso3:
            index[_key(alias)] = by_iso3[iso3]
    for iso3, state in by_iso3.items():
        country = pycountry.countries.get(alpha_3=iso3)
        names = [state.name, state.official_name, state.iso3, state.iso2]
        for attribute in ("name", "official_name", "common_name"):
            names.append(getattr(country, attribute, "") if country else "")
        for name in filter(None, names):
            index.setdefault(_key(name), state)
    return index


def state_named(name: str, index: dict[str, State]) -> State | None:
    """The State `name` names. The UNTC writes some as "Bolivia (Plurinational
    State of)": read as "Plurinational State of Bolivia", ISO's official name."""
    state = index.get(_key(name))
    inverted = re.fullmatch(r"(.+?)\s*\((.+)\)", name.strip())
    if state is None and inverted:
        state = index.get(_key(f"{inverted.group(2)} {inverted.group(1)}"))
    return state


def _unknown_names(names: list[str], index: dict[str, State]) -> str:
    """The sentence listing the names no State goes by, with the nearest."""
    listed = []
    for name in names:
        near = difflib.get_close_matches(_key(name), list(index), n=1, cutoff=0.75)
        if near:
            listed.append(
                _('"%(name)s" (did you mean %(state)s?)')
                % {"name": name, "state": index[near[0]].name}
            )
        else:
            listed.append(f'"{name}"')
    return _("These names match no State: %(names)s.") % {"names": "; ".join(listed)}


def parse_date(text: str) -> dt.date:
    text = " ".join(text.split())
    for style in ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, style).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(text)


def parse_consent(text: str) -> tuple[dt.date, str]:
    """A UNTC consent cell: "10 Apr 1981" (ratification), "7 Jun 1995 a"."""
    words = text.split()
    kind = Kind.RATIFICATION
    if words and words[-1] in CONSENT_MARKS:
        kind = CONSENT_MARKS[words.pop()]
    return parse_date(" ".join(words)), kind


@dataclass
class MembershipRow:
    instrument: Instrument
    state: State
    values: dict
    # "new", "changed" or "same" against what ISM has (`found`, for the last
    # two); `changes` for "changed".
    outcome: str = "new"
    changes: dict = field(default_factory=dict)
    found: InstrumentMembership | None = field(default=None, repr=False)

    @property
    def consent_label(self) -> str:
        kind = self.values["consent_kind"]
        return Kind(kind).label if kind else ""


@dataclass
class PartiesPreview:
    convention: Convention
    instruments: list[Instrument]
    rows: list[MembershipRow]

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def changed(self) -> int:
        return self.count("changed")

    @property
    def same(self) -> int:
        return self.count("same")

    @property
    def states(self) -> int:
        return len({row.state.pk for row in self.rows})

    def by_state(self) -> list[tuple[State, list[MembershipRow | None]]]:
        """One line per State: its row for each instrument, in their order."""
        table: dict[int, tuple[State, dict]] = {}
        for row in self.rows:
            table.setdefault(row.state.pk, (row.state, {}))[1][row.instrument.pk] = row
        return [
            (state, [rows.get(i.pk) for i in self.instruments])
            for state, rows in sorted(table.values(), key=lambda pair: pair[0].name)
        ]


class _Problems:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, message: str) -> None:
        self.messages.append(message)

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError({"file": self.messages})


def _columns(header: list[str], instruments: list[Instrument], p: _Problems):
    """(participant column, {column: (instrument, field)}) from the header."""
    named = {}
    for instrument in instruments:
        for name in (instrument.code, instrument.name):
            named[_key(name)] = instrument
    base = instruments[0] if instruments and instruments[0].is_base else None
    participant, columns = None, {}
    for number, title in enumerate(header):
        key = _key(title)
        if key in PARTICIPANT_COLUMNS:
            participant = number
        elif key == "signature" and base:
            columns[number] = (base, "signature_date")
        elif key in named:
            columns[number] = (named[key], "consent")
        elif key.startswith("ratification") and base:
            # The UNTC's own heading: "Ratification, Acceptance(A), ... (d)".
            columns[number] = (base, "consent")
        else:
            columns[number] = _extra_column(key, named, title, p)
    if participant is None:
        p.add(_('The header needs a "participant" column (the State\'s name).'))
    return participant, {k: v for k, v in columns.items() if v}


def _extra_column(key: str, named: dict, title: str, p: _Problems):
    for suffix, field_name in EXTRA_COLUMNS.items():
        if key.endswith(" " + suffix) and key[: -len(suffix) - 1] in named:
            return named[key[: -len(suffix) - 1]], field_name
    p.add(
        _('Column "%(title)s" names no instrument of this convention (%(codes)s).')
        % {"title": title, "codes": ", ".join(sorted(i.code for i in named.values()))}
    )
    return None


def _cells_of(place: str, cells: list[str], columns: dict, p: _Problems) -> dict:
    """{instrument: {field: value}} from one row's cells."""
    found: dict[Instrument, dict] = {}
    for number, (instrument, field_name) in columns.items():
        text = cells[number].strip() if number < len(cells) else ""
        if not text:
            continue
        values = found.setdefault(instrument, {})
        try:
            if field_name == "consent":
                values["consent_date"], values["consent_kind"] = parse_consent(text)
            else:
                values[field_name] = parse_date(text)
        except ValueError:
            p.add(
                _('%(place)s: "%(value)s" is not a date (31 Mar 2026, 2026-03-31).')
                % {"place": place, "value": text}
            )
    return found


def _membership_values(instrument: Instrument, given: dict) -> dict:
    values = dict.fromkeys(FIELDS[1:])
    values["consent_kind"] = ""
    values.update(given)
    consent = values["consent_date"]
    if consent is None:
        values["status"] = InstrumentMembership.Status.SIGNATORY
        values["consent_kind"] = ""
    else:
        values["status"] = InstrumentMembership.Status.PARTY
        if values["entry_into_force"] is None:
            values["entry_into_force"] = instrument.entry_into_force_for(consent)
    return values


def _dates_in_order(place: str, instrument: Instrument, values: dict, p: _Problems):
    order = ("signature_date", "consent_date", "entry_into_force", "withdrawal")
    dates = [(name, values[name]) for name in order if values[name] is not None]
    for (first, a), (second, b) in itertools.pairwise(dates):
        if b < a:
            p.add(
                _("%(place)s, %(instrument)s: %(second)s is before %(first)s.")
                % {
                    "place": place,
                    "instrument": instrument.name,
                    "first": InstrumentMembership._meta.get_field(first).verbose_name,
                    "second": InstrumentMembership._meta.get_field(second).verbose_name,
                }
            )


def _compare(rows: list[MembershipRow], convention: Convention) -> None:
    existing = {
        (m.instrument_id, m.state_id): m
        for m in InstrumentMembership.objects.filter(instrument__convention=convention)
    }
    for row in rows:
        found = existing.get((row.instrument.pk, row.state.pk))
        if found is None:
            continue
        row.found = found
        row.changes = {
            name: [plain(getattr(found, name)), plain(value)]
            for name, value in row.values.items()
            if getattr(found, name) != value
        }
        row.outcome = "changed" if row.changes else "same"


def _rows(csv_text: str) -> list[list[str]]:
    lines = [
        line
        for line in csv_text.lstrip("\ufeff").splitlines()
        if not line.lstrip().startswith("#")
    ]
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines))))
    except csv.Error:
        return []
    return [r for r in rows if any(c.strip() for c in r)]


def memberships_read(*, convention: Convention, csv_text: str) -> PartiesPreview:
    """Every row of the file, judged (the preview): a ValidationError listing
    each problem (every name that matches no State, together), or the
    memberships with what importing would do to each."""
    p = _Problems()
    # Through the convention, so each instrument knows it without a query.
    instruments = list(convention.instruments.order_by("-is_base", "order"))
    rows = _rows(csv_text)
    if not rows:
        p.add(_("The file has no rows."))
        p.raise_if_any()
    participant, columns = _columns(rows[0], instruments, p)
    p.raise_if_any()
    names, unknown, seen, result = state_names(), [], {}, []
    for number, cells in enumerate(rows[1:], start=2):
        place = _("Row %(row)d") % {"row": number}
        name = cells[participant].strip() if participant < len(cells) else ""
        state = state_named(name, names)
        if state is None:
            unknown.append(name)
            continue
        if state.pk in seen:
            p.add(
                _("%(place)s: %(state)s is on row %(row)d already.")
                % {"place": place, "state": state.name, "row": seen[state.pk]}
            )
        seen[state.pk] = number
        for instrument, given in _cells_of(place, cells, columns, p).items():
            values = _membership_values(instrument, given)
            _dates_in_order(place, instrument, values, p)
            result.append(MembershipRow(instrument, state, values))
    if unknown:
        p.messages.insert(0, _unknown_names(unknown, names))
    p.raise_if_any()
    _compare(result, convention)
    return PartiesPreview(convention, instruments, result)


@transaction.atomic
def memberships_import(
    *, convention: Convention, csv_text: str, actor, illustrative: bool = False
) -> PartiesPreview:
    """Record the file's memberships: new ones created, changed dates updated,
    each audited; the base instrument's mirrored on the Participation. Written
    in bulk: as many queries for 127 States as for one."""
    require_staff(actor, convention)
    # One import at a time per convention: what it read is still what ISM has
    # when it writes (no row created twice, no change written over unseen).
    Convention.objects.select_for_update().get(pk=convention.pk)
    preview = memberships_read(convention=convention, csv_text=csv_text)
    written = []
    for row in preview.rows:
        if row.outcome == "same":
            continue
        membership = row.found or InstrumentMembership()
        # The instrument (with its convention) and the State as already loaded:
        # no query each to audit the row or mirror it.
        values = {"instrument": row.instrument, "state": row.state, **row.values}
        for name, value in {**values, "illustrative": illustrative}.items():
            setattr(membership, name, value)
        written.append((row, membership))
    if not written:  # the same file again: nothing to write, no savepoint
        return preview
    memberships_save(
        new=[m for row, m in written if row.found is None],
        changed=[m for row, m in written if row.found is not None],
    )
    audit_record_many(
        [
            audit_event(
                actor=actor,
                verb="membership changed" if row.found else "membership recorded",
                obj=membership,
                convention=convention,
                changes=row.changes
                or {name: [None, plain(value)] for name, value in row.values.items()},
            )
            for row, membership in written
        ]
    )
    return preview
