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


def _rows(section: str, rows) -> list[dict]:
    """The rows of a section as dicts, refusing keys the section does not have (a
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
    return list(rows)


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
    for i, row in enumerate(_rows("positions", positions)):
        key = f"positions.{i}"
        salary = clean_money(p, f"{key}.salary", row.get("salary"), currency)
        title = clean_text(p, f"{key}.title", row.get("title"), 200)
        problem = title_problem(title, salary not in (None, INVALID))
        if problem:
            p.add(f"{key}.title", problem)
        clean.append(
            {
                "title": title,
                "grade": clean_text(p, f"{key}.grade", row.get("grade"), 40),
                "fte": clean_fte(p, f"{key}.fte", row.get("fte")),
                "salary": salary,
            }
        )
    return clean


def _clean_lines(p: Problems, lines, currency: str) -> list[dict]:
    clean = []
    seen_labels: set[tuple[str, str]] = set()
    from_missions_seen = False
    for i, row in enumerate(_rows("lines", lines)):
        key = f"lines.{i}"
        category = clean_choice(
            p, f"{key}.category", row.get("category"), BudgetLine.Category
        )
        label = clean_text(
            p,
            f"{key}.label",
            row.get("label"),
            200,
            required=_("Enter what the line is for."),
        )
        if label and label is not INVALID:
            # Lines are compared with last year's by category and label, so two
            # lines of one category may not share a label.
            identity = (str(category), label.lower())
            if identity in seen_labels:
                p.add(f"{key}.label", _("Another line already has this label."))
            seen_labels.add(identity)
        from_missions = row.get("from_missions", False)
        if not isinstance(from_missions, bool):
            from_missions = p.add(f"{key}.from_missions", _("Enter yes or no."))
        elif from_missions:
            if from_missions_seen:
                # Two lines built from one mission plan would count it twice.
                p.add(
                    f"{key}.from_missions",
                    _("Only one line can be built from the mission plan."),
                )
            from_missions_seen = True
        clean.append(
            {
                "category": category,
                "label": label,
                "amount": clean_money(
                    p,
                    f"{key}.amount",
                    row.get("amount"),
                    currency,
                    required=from_missions is not True,
                ),
                "from_missions": from_missions,
                "note": clean_text(p, f"{key}.note", row.get("note")),
            }
        )
    return clean


def _clean_missions(p: Problems, missions, currency: str) -> list[dict]:
    clean = []
    for i, row in enumerate(_rows("missions", missions)):
        key = f"missions.{i}"
        purpose = clean_text(
            p,
            f"{key}.purpose",
            row.get("purpose"),
            300,
            required=_("Enter the purpose of the missions."),
        )
        clean.append(
            {
                "purpose": purpose,
                "count": clean_count(p, f"{key}.count", row.get("count")),
                "haul": clean_choice(
                    p, f"{key}.haul", row.get("haul"), Mission.Haul, blank=True
                ),
                "unit_cost": clean_money(
                    p, f"{key}.unit_cost", row.get("unit_cost"), currency
                ),
            }
        )
    return clean


def _clean_notes(p: Problems, notes) -> list[dict]:
    clean = []
    for i, row in enumerate(_rows("notes", notes)):
        key = f"notes.{i}"
        text = clean_text(
            p, f"{key}.text", row.get("text"), required=_("A note cannot be empty.")
        )
        clean.append(
            {
                "kind": clean_choice(
                    p, f"{key}.kind", row.get("kind", "note"), BudgetNote.Kind
                ),
                "text": text,
            }
        )
    return clean


def _clean_in_kind(p: Problems, in_kind, currency: str) -> list[dict]:
    clean = []
    for i, row in enumerate(_rows("in_kind", in_kind)):
        key = f"in_kind.{i}"
        provider = clean_text(
            p,
            f"{key}.provider",
            row.get("provider"),
            200,
            required=_("Enter who provides the support."),
        )
        covers = clean_text(
            p,
            f"{key}.covers",
            row.get("covers"),
            required=_("Enter what the support covers."),
        )
        clean.append(
            {
                "provider": provider,
                "covers": covers,
                "estimated_value": clean_money(
                    p, f"{key}.estimated_value", row.get("estimated_value"), currency
                ),
                "valuation_note": clean_text(
                    p, f"{key}.valuation_note", row.get("valuation_note"), 300
                ),
            }
        )
    return clean


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
                model(pk=keys[i][0], budget=budget, order=j, **rows[j]).save()
        if removed:
            model.objects.filter(pk__in=removed).delete()
        if created:
            model.objects.bulk_create(created)
    # Whatever the caller prefetched is stale now.
    getattr(budget, "_prefetched_objects_cache", {}).clear()
