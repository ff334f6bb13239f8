"""Comparing two frozen versions of a plan (or a version with the plan as it stands).

Areas, statements and indicators are matched by their stable keys, never by text
or number: a reworded statement is the same statement reworded, not one removed
and one added; a statement that moved keeps its key and is reported as moved. A
number that changed only because something before it came or went is not a
change of its own (numbers are derived).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from workplans.tree import level_label

ADDED, REMOVED, REWORDED, MOVED, CHANGED = (
    "added",
    "removed",
    "reworded",
    "moved",
    "changed",
)
INDICATOR_FIELDS = {
    "description": gettext_lazy("indicator"),
    "unit": gettext_lazy("unit"),
    "baseline": gettext_lazy("baseline"),
    "target": gettext_lazy("target"),
    "period": gettext_lazy("period"),
    "direction": gettext_lazy("direction"),
}


@dataclass
class Change:
    kind: str  # "area", "statement", "indicator"
    change: str  # added, removed, reworded, moved, changed
    label: str  # "Activity 3" (as numbered in the newer version when it exists)
    before: str = ""
    after: str = ""
    details: list[str] = field(default_factory=list)

    @property
    def words(self) -> list[tuple[str, str]]:
        """The wording change, word by word: [("equal"|"delete"|"insert", text)]."""
        old, new = self.before.split(), self.after.split()
        out: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.append(("equal", " ".join(old[i1:i2])))
            else:
                if i2 > i1:
                    out.append(("delete", " ".join(old[i1:i2])))
                if j2 > j1:
                    out.append(("insert", " ".join(new[j1:j2])))
        return out


@dataclass
class Diff:
    changes: list[Change]

    def count(self, change: str, kind: str = "statement") -> int:
        return sum(1 for c in self.changes if c.kind == kind and c.change == change)

    @property
    def summary(self) -> dict[str, int]:
        return {
            ADDED: self.count(ADDED),
            REMOVED: self.count(REMOVED),
            REWORDED: self.count(REWORDED),
            MOVED: self.count(MOVED),
        }

    def of(self, change: str, kind: str = "statement") -> list[Change]:
        return [c for c in self.changes if c.kind == kind and c.change == change]

    def __bool__(self) -> bool:
        return bool(self.changes)


def _statements(snapshot: dict) -> dict[str, dict]:
    out = {}
    for area in snapshot["areas"]:
        for result in area["results"]:
            out[result["key"]] = {
                **result,
                "area": area["key"],
                "area_title": area["title"],
            }
    return out


def _label(result: dict) -> str:
    return f"{level_label(result['level'])} {result['number']}"


def _named(result: dict | None) -> str | None:
    """ "Output 1.1 “Up to 60 committee meetings supported.”": a number alone would
    not tell which statement it is when both versions number differently."""
    if result is None:
        return None
    text = result["text"]
    short = text if len(text) <= 60 else text[:59].rstrip() + "…"
    return f"{_label(result)} “{short}”"


def compare(older: dict, newer: dict) -> Diff:
    """What changed from `older` to `newer` (two snapshots, workplans.tree.snapshot)."""
    changes = _area_changes(older, newer)
    old = _statements(older)
    new = _statements(newer)
    numbers_old = {key: _label(r) for key, r in old.items()}
    numbers_new = {key: _label(r) for key, r in new.items()}
    for key, result in new.items():
        label = numbers_new[key]
        if key not in old:
            changes.append(Change("statement", ADDED, label, after=result["text"]))
            continue
        changes.extend(
            _statement_changes(label, numbers_old[key], old[key], result, old, new)
        )
    for key, result in old.items():
        if key not in new:
            changes.extend(_removed_statement(numbers_old[key], result))
    return Diff(changes=changes)


def _area_changes(older: dict, newer: dict) -> list[Change]:
    changes: list[Change] = []
    old_areas = {a["key"]: a for a in older["areas"]}
    new_areas = {a["key"]: a for a in newer["areas"]}
    for key, area in new_areas.items():
        if key not in old_areas:
            changes.append(Change("area", ADDED, area["title"], after=area["title"]))
        elif old_areas[key]["title"] != area["title"]:
            changes.append(
                Change(
                    "area",
                    REWORDED,
                    area["title"],
                    before=old_areas[key]["title"],
                    after=area["title"],
                )
            )
    for key, area in old_areas.items():
        if key not in new_areas:
            changes.append(Change("area", REMOVED, area["title"], before=area["title"]))
    return changes


def _statement_changes(
    label: str, old_label: str, before: dict, result: dict, old: dict, new: dict
) -> list[Change]:
    """What changed in a statement both snapshots hold: its wording, its place
    (area, parent), its action-plan actions and its indicators."""
    changes: list[Change] = []
    if before["text"] != result["text"]:
        changes.append(
            Change(
                "statement",
                REWORDED,
                label,
                before=before["text"],
                after=result["text"],
            )
        )
    details = _move_details(before, result, old, new)
    if details:
        changes.append(
            Change(
                "statement",
                MOVED,
                label,
                before=old_label,
                after=result["text"],
                details=details,
            )
        )
    if before.get("actions", []) != result.get("actions", []):
        changes.append(
            Change(
                "statement",
                CHANGED,
                label,
                before=", ".join(before.get("actions", [])),
                after=", ".join(result.get("actions", [])),
                details=[_("action-plan actions")],
            )
        )
    changes.extend(_indicator_changes(label, before, result))
    return changes


def _move_details(before: dict, result: dict, old: dict, new: dict) -> list[str]:
    details = []
    if before["area"] != result["area"]:
        details.append(
            _("moved from “%(old)s” to “%(new)s”")
            % {"old": before["area_title"], "new": result["area_title"]}
        )
    if before["parent"] != result["parent"]:
        was = _named(old.get(before["parent"])) if before["parent"] else None
        now = _named(new.get(result["parent"])) if result["parent"] else None
        details.append(
            _("now contributes to %(now)s (was %(was)s)")
            % {"now": now or _("nothing"), "was": was or _("nothing")}
        )
    return details


def _removed_statement(label: str, result: dict) -> list[Change]:
    """A statement the newer snapshot no longer has, with its indicators."""
    return [
        Change("statement", REMOVED, label, before=result["text"]),
        *(
            Change(
                "indicator",
                REMOVED,
                label,
                before=f"{indicator['description']} ({indicator['target']})",
            )
            for indicator in result["indicators"]
        ),
    ]


def _indicator_changes(label: str, before: dict, after: dict) -> list[Change]:
    out = []
    old = {i["key"]: i for i in before["indicators"]}
    new = {i["key"]: i for i in after["indicators"]}
    for key, indicator in new.items():
        text = f"{indicator['description']} ({indicator['target']})"
        if key not in old:
            out.append(Change("indicator", ADDED, label, after=text))
            continue
        was = old[key]
        fields = [
            str(name_label)
            for name, name_label in INDICATOR_FIELDS.items()
            if was.get(name) != indicator.get(name)
        ]
        if fields:
            out.append(
                Change(
                    "indicator",
                    CHANGED,
                    label,
                    before=f"{was['description']} ({was['target']})",
                    after=text,
                    details=fields,
                )
            )
    for key, indicator in old.items():
        if key not in new:
            out.append(
                Change(
                    "indicator",
                    REMOVED,
                    label,
                    before=f"{indicator['description']} ({indicator['target']})",
                )
            )
    return out
