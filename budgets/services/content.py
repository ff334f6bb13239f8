"""The content of a budget document — header fields, staff positions, lines,
missions, notes and in-kind support — validated, compared and written as one unit.

budget_save, budget_create (copy), budget_revise and budget_import all go through
here, so a rule such as "FTE in (0, 1]" is written once, and the audit trail holds
the same field-level changes whoever made them (the edit page, an import, a copy).

Validation collects every problem before anything is written and raises one
ValidationError keyed by field path ("positions.2.fte", "lines.0.amount"), the
keys the edit page puts next to its fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from djmoney.models.fields import MoneyField

from budgets.models import (
    Budget,
    BudgetLine,
    BudgetNote,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.services.values import (
    INVALID,
    Problems,
    clean_choice,
    clean_count,
    clean_date,
    clean_fte,
    clean_money,
    clean_rate,
    clean_text,
)
from ism.audit import plain

HEADER_TEXT = {
    "title": 300,
    "meeting": 200,
    "agenda_item": 40,
    "document_symbol": 60,
    "salaries_note": 300,
    "social_security_note": 300,
}
HEADER_FIELDS = [
    *HEADER_TEXT,
    "document_date",
    "salaries_total",
    "social_security_rate",
    "social_security_amount",
]
SECTIONS = {
    # section: (model, fields in display order, the field that names a row)
    "positions": (StaffPosition, ["title", "grade", "fte", "salary"], "title"),
    "lines": (
        BudgetLine,
        ["category", "label", "amount", "from_missions", "note"],
        "label",
    ),
    "missions": (Mission, ["purpose", "count", "haul", "unit_cost"], "purpose"),
    "notes": (BudgetNote, ["kind", "text"], None),
    "in_kind": (
        InKindSupport,
        ["provider", "covers", "estimated_value", "valuation_note"],
        "provider",
    ),
}


@dataclass
class Content:
    """What the budget document says. `fields` holds only the header fields to
    set; a section that is None is left as it is."""

    fields: dict[str, Any] = field(default_factory=dict)
    positions: list[dict] | None = None
    lines: list[dict] | None = None
    missions: list[dict] | None = None
    notes: list[dict] | None = None
    in_kind: list[dict] | None = None
    # Of stored content: (pk, order) of each row, by section.
    keys: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def section(self, name: str) -> list[dict] | None:
        return getattr(self, name)


def _rows(p: Problems, section: str, rows) -> list[_Row]:
    """The rows of a section, refusing keys the section does not have (a
    programming error, not bad input)."""
    _, names, _ = SECTIONS[section]
    if not isinstance(rows, list | tuple):
        raise TypeError(f"{section} must be a list of dicts")
    for row in rows:
        if not isinstance(row, dict):
            raise TypeError(f"{section} must be a list of dicts, got {row!r}")
        unknown = set(row) - set(names)
        if unknown:
            raise TypeError(f"{section}: unknown keys {sorted(unknown)}")
    return [_Row(p, f"{section}.{i}", row) for i, row in enumerate(rows)]


@dataclass
class _Row:
    """One row being read: each value is judged under its own key
    ("missions.2.unit_cost"), so a problem lands beside its field."""

    p: Problems
    key: str
    row: dict

    def at(self, name: str) -> str:
        return f"{self.key}.{name}"

    def text(self, name: str, max_length=None, *, required: str | None = None):
        return clean_text(
            self.p, self.at(name), self.row.get(name), max_length, required=required
        )

    def money(self, name: str, currency: str, *, required=False):
        return clean_money(
            self.p, self.at(name), self.row.get(name), currency, required=required
        )

    def choice(self, name: str, choices, *, blank=False, default=None):
        value = self.row.get(name, default)
        return clean_choice(self.p, self.at(name), value, choices, blank=blank)


def title_problem(title: str, has_salary: bool) -> str | None:
    """A position is named; a salary without a title is the likelier slip."""
    if title != "":
        return None
    if has_salary:
        return _("A salary needs a position title.")
    return _("Enter the position title.")


def clean_content(
    *,
    currency: str,
    fields: dict | None = None,
    positions=None,
    lines=None,
    missions=None,
    notes=None,
    in_kind=None,
) -> Content:
    """Validate everything; return clean values or raise one ValidationError."""
    p = Problems()
    clean = Content(fields=_clean_fields(p, dict(fields or {}), currency))
    if positions is not None:
        clean.positions = _clean_positions(p, positions, currency)
    if lines is not None:
        clean.lines = _clean_lines(p, lines, currency)
    if missions is not None:
        clean.missions = _clean_missions(p, missions, currency)
    if notes is not None:
        clean.notes = _clean_notes(p, notes)
    if in_kind is not None:
        clean.in_kind = _clean_in_kind(p, in_kind, currency)
    p.raise_if_any()
    return clean


def _clean_fields(p: Problems, fields: dict, currency: str) -> dict[str, Any]:
    unknown = set(fields) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"not editable budget fields: {sorted(unknown)}")
    clean: dict[str, Any] = {}
    for name, value in fields.items():
        if name in HEADER_TEXT:
            clean[name] = clean_text(p, name, value, HEADER_TEXT[name])
        elif name == "document_date":
            clean[name] = clean_date(p, name, value)
        elif name == "social_security_rate":
            clean[name] = clean_rate(p, name, value)
        else:
            clean[name] = clean_money(p, name, value, currency)
    return clean


def _clean_positions(p: Problems, positions, currency: str) -> list[dict]:
    clean = []
    for r in _rows(p, "positions", positions):
        salary = r.money("salary", currency)
        title = r.text("title", 200)
        problem = title_problem(title, salary not in (None, INVALID))
        if problem:
            p.add(r.at("title"), problem)
        clean.append(
            {
                "title": title,
                "grade": r.text("grade", 40),
                "fte": clean_fte(p, r.at("fte"), r.row.get("fte")),
                "salary": salary,
            }
        )
    return clean


def _clean_lines(p: Problems, lines, currency: str) -> list[dict]:
    clean = []
    seen_labels: set[tuple[str, str]] = set()
    from_missions_seen = False
    for r in _rows(p, "lines", lines):
        category = r.choice("category", BudgetLine.Category)
        label = r.text("label", 200, required=_("Enter what the line is for."))
        if label and label is not INVALID:
            # Lines are compared with last year's by category and label, so two
            # lines of one category may not share a label.
            identity = (str(category), label.lower())
            if identity in seen_labels:
                p.add(r.at("label"), _("Another line already has this label."))
            seen_labels.add(identity)
        from_missions = r.row.get("from_missions", False)
        if not isinstance(from_missions, bool):
            from_missions = p.add(r.at("from_missions"), _("Enter yes or no."))
        elif from_missions:
            if from_missions_seen:
                # Two lines built from one mission plan would count it twice.
                p.add(
                    r.at("from_missions"),
                    _("Only one line can be built from the mission plan."),
                )
            from_missions_seen = True
        clean.append(
            {
                "category": category,
                "label": label,
                "amount": r.money(
                    "amount", currency, required=from_missions is not True
                ),
                "from_missions": from_missions,
                "note": r.text("note"),
            }
        )
    return clean


def _clean_missions(p: Problems, missions, currency: str) -> list[dict]:
    return [
        {
            "purpose": r.text(
                "purpose", 300, required=_("Enter the purpose of the missions.")
            ),
            "count": clean_count(p, r.at("count"), r.row.get("count")),
            "haul": r.choice("haul", Mission.Haul, blank=True),
            "unit_cost": r.money("unit_cost", currency),
        }
        for r in _rows(p, "missions", missions)
    ]


def _clean_notes(p: Problems, notes) -> list[dict]:
    return [
        {
            "kind": r.choice("kind", BudgetNote.Kind, default="note"),
            "text": r.text("text", required=_("A note cannot be empty.")),
        }
        for r in _rows(p, "notes", notes)
    ]


def _clean_in_kind(p: Problems, in_kind, currency: str) -> list[dict]:
    return [
        {
            "provider": r.text(
                "provider", 200, required=_("Enter who provides the support.")
            ),
            "covers": r.text("covers", required=_("Enter what the support covers.")),
            "estimated_value": r.money("estimated_value", currency),
            "valuation_note": r.text("valuation_note", 300),
        }
        for r in _rows(p, "in_kind", in_kind)
    ]


def content_of(budget: Budget) -> Content:
    """The stored content, in the shape clean_content returns."""
    content = Content(fields={name: getattr(budget, name) for name in HEADER_FIELDS})
    for section, (_model, names, _ident) in SECTIONS.items():
        rows = list(getattr(budget, section).all())
        setattr(
            content,
            section,
            [{name: getattr(row, name) for name in names} for row in rows],
        )
        content.keys[section] = [(row.pk, row.order) for row in rows]
    return content


# --- Changes ------------------------------------------------------------------------


def content_values(content: Content) -> dict:
    """Every value of the content under the name the audit trail gives it
    ("title", "lines.Staff travel.amount"): what an edit page's version holds."""
    values = dict(content.fields)
    for section in SECTIONS:
        rows = content.section(section) or []
        for name, row in zip(_names(section, rows), rows, strict=True):
            for column, value in row.items():
                values[f"{section}.{name}.{column}"] = value
    return values


def _names(section: str, rows: list[dict]) -> list[str]:
    """A readable name per row: "Director", or "Implementation Support Officer #2"
    for the second row of that title; notes by their number."""
    _, _, ident = SECTIONS[section]
    names = []
    seen: Counter[str] = Counter()
    for i, row in enumerate(rows):
        base = str(i + 1) if ident is None else (row.get(ident) or "(untitled)")
        seen[base] += 1
        names.append(base if seen[base] == 1 else f"{base} #{seen[base]}")
    return names


def pairs(
    section: str, old: list[dict], new: list[dict]
) -> list[tuple[str, int | None, int | None]]:
    """Which stored row each new row is: (name, old index, new index), in the new
    order, then the removed rows. Rows are the same row when they have the same
    name; a row left unmatched at the same place as an unmatched stored row is that
    row renamed. Keeping a row's identity keeps what points at it (a work plan's
    result is linked to the budget lines that pay for it)."""
    old_names, new_names = _names(section, old), _names(section, new)
    old_index = {name: i for i, name in enumerate(old_names)}
    matched = {
        j: old_index[name] for j, name in enumerate(new_names) if name in old_index
    }
    taken = set(matched.values())
    for j in range(len(new)):
        if j not in matched and j < len(old) and j not in taken:
            matched[j] = j
            taken.add(j)
    result: list[tuple[str, int | None, int | None]] = [
        (old_names[matched[j]] if j in matched else name, matched.get(j), j)
        for j, name in enumerate(new_names)
    ]
    result += [(name, i, None) for i, name in enumerate(old_names) if i not in taken]
    return result


def section_changes(section: str, old: list[dict], new: list[dict]) -> dict:
    _, names, _ = SECTIONS[section]
    changes: dict[str, list] = {}
    kept = []
    for name, i, j in pairs(section, old, new):
        if i is not None and j is not None:
            kept.append(i)
        for attr in names:
            old_value = None if i is None else plain(old[i][attr])
            new_value = None if j is None else plain(new[j][attr])
            if old_value != new_value and not (
                # An added or removed row lists only the fields it has.
                old_value in (None, "", False) and new_value in (None, "", False)
            ):
                changes[f"{section}.{name}.{attr}"] = [old_value, new_value]
    if kept != sorted(kept):
        old_names = _names(section, old)
        changes[f"{section}.order"] = [
            [old_names[i] for i in sorted(kept)],
            [old_names[i] for i in kept],
        ]
    return changes


def content_changes(old: Content, new: Content) -> dict[str, list]:
    """{"salaries_total": ["568386.00", "570000.00"], "lines.Staff travel.amount":
    ["50000.00", "52000.00"], ...} for what `new` changes in `old`."""
    changes = {}
    for name, value in new.fields.items():
        before, after = plain(old.fields.get(name)), plain(value)
        # A blank text field and a field never set are the same to a reader.
        if before != after and not (before in (None, "") and after in (None, "")):
            changes[name] = [before, after]
    for section in SECTIONS:
        rows = new.section(section)
        if rows is not None:
            changes.update(section_changes(section, old.section(section) or [], rows))
    return changes


def _columns(model, row: dict) -> list[str]:
    """The fields a row of the page sets, a money field with its currency."""
    names = list(row)
    return names + [
        f"{name}_currency"
        for name in row
        if isinstance(model._meta.get_field(name), MoneyField)
    ]


def content_write(budget: Budget, old: Content, new: Content) -> None:
    """Store `new` on `budget` (locked by the caller). A stored row that is still
    there is updated in place (see pairs), removed rows are deleted, new rows
    created; rows are ordered as listed."""
    for name, value in new.fields.items():
        setattr(budget, name, value)
    for section, (model, names, _ident) in SECTIONS.items():
        rows = new.section(section)
        if rows is None:
            continue
        stored = old.section(section) or []
        keys = old.keys.get(section, [])
        created, removed = [], []
        for _name, i, j in pairs(section, stored, rows):
            if j is None:
                removed.append(keys[i][0])
            elif i is None:
                created.append(model(budget=budget, order=j, **rows[j]))
            elif keys[i][1] != j or any(
                plain(stored[i][attr]) != plain(rows[j][attr]) for attr in names
            ):
                # Only what the page edits: the row's translations stay
                # (ism.translated).
                model(pk=keys[i][0], budget=budget, order=j, **rows[j]).save(
                    update_fields=["budget", "order", *_columns(model, rows[j])]
                )
        if removed:
            model.objects.filter(pk__in=removed).delete()
        if created:
            model.objects.bulk_create(created)
    # Whatever the caller prefetched is stale now.
    getattr(budget, "_prefetched_objects_cache", {}).clear()
