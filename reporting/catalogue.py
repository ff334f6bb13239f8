"""The form sets reports are made of, with the figures that matter as numbers.

A report type (reporting.models.ReportType, data) names its form set by the key of
this table; the titles follow the forms the States Parties adopted:

* "APMBC": APMBC Article 7 (Mine Ban Convention), forms A–J;
* "CCM": CCM Article 7 (Convention on Cluster Munitions), forms A–J;
* "CCW-CM": the CCW compliance mechanism's national annual report
  (CCW/CONF.III/11, Annex II), forms A–D;
* "CCW-APII": Amended Protocol II, Article 13(4), one section per matter;
* "CCW-PV": Protocol V, Article 10(2)(b), one section per matter;
* "CCW": the two protocols' sections in one report, the combined report ISM
  kept before report types (its reports still read it).

Where a number matters to the Meeting of the States Parties (mines retained,
area cleared, mines or submunitions destroyed) it is a structured figure, checked
as a whole number (a count of items) or a decimal (an area in square metres),
never negative. Everything else is free text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    # "count": whole items (mines, submunitions); "area": square metres, decimals.
    kind: str = "count"

    @property
    def unit(self) -> str:
        return "m²" if self.kind == "area" else ""

    @property
    def places(self) -> int:
        return 2 if self.kind == "area" else 0

    @property
    def step(self) -> str:
        return "0.01" if self.kind == "area" else "1"

    def check(self, value: Decimal) -> str | None:
        """None when `value` is acceptable, else the message for the user."""
        if value < 0:
            return str(_("A figure cannot be negative."))
        if self.kind == "count" and value != value.to_integral_value():
            return str(_("Give a whole number: items are counted one by one."))
        if self.kind == "area" and value.as_tuple().exponent < -2:
            return str(_("Give the area to at most two decimal places."))
        if value >= Decimal("1e14"):
            return str(_("This figure is too large to be right."))
        return None


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    figures: tuple[Figure, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"{_('Form')} {self.code}" if len(self.code) == 1 else self.code


def _forms(*rows) -> tuple[FormSpec, ...]:
    """A convention's forms from its table: a row is (code, title, *figures), a
    figure (kind, key, label), kind "count" or "area"."""
    return tuple(
        FormSpec(
            code, title, tuple(Figure(key, label, kind) for kind, key, label in figures)
        )
        for code, title, *figures in rows
    )


APMBC = _forms(
    ("A", _("National implementation measures")),
    (
        "B",
        _("Stockpiled anti-personnel mines"),
        ("count", "mines_stockpiled", _("Anti-personnel mines stockpiled")),
    ),
    (
        "C",
        _("Mined areas"),
        ("count", "mined_areas", _("Areas known or suspected to contain mines")),
        ("area", "area_contaminated_m2", _("Area known or suspected to be mined")),
    ),
    (
        "D",
        _("Mines retained or transferred"),
        ("count", "mines_retained", _("Mines retained for training and research")),
        ("count", "mines_transferred", _("Mines transferred for destruction")),
    ),
    ("E", _("Conversion of production facilities")),
    ("F", _("Destruction programmes")),
    (
        "G",
        _("Mines destroyed"),
        ("count", "stockpiled_mines_destroyed", _("Stockpiled mines destroyed")),
        ("count", "mines_destroyed_clearance", _("Mines destroyed in clearance")),
        ("area", "area_cleared_m2", _("Area cleared")),
    ),
    ("H", _("Technical characteristics")),
    ("I", _("Warnings to the population")),
    ("J", _("Voluntary: victim assistance, cooperation and assistance")),
)

CCM = _forms(
    ("A", _("National implementation measures")),
    (
        "B",
        _("Stockpiles and destruction"),
        ("count", "cluster_munitions_stockpiled", _("Cluster munitions stockpiled")),
        ("count", "submunitions_stockpiled", _("Submunitions stockpiled")),
        ("count", "cluster_munitions_destroyed", _("Cluster munitions destroyed")),
        ("count", "submunitions_destroyed", _("Submunitions destroyed")),
    ),
    ("C", _("Technical characteristics")),
    (
        "D",
        _("Retained or transferred"),
        ("count", "cluster_munitions_retained", _("Cluster munitions retained")),
        ("count", "submunitions_retained", _("Submunitions retained")),
        ("count", "cluster_munitions_transferred", _("Cluster munitions transferred")),
    ),
    ("E", _("Conversion of production facilities")),
    (
        "F",
        _("Contaminated areas and clearance"),
        ("area", "area_contaminated_m2", _("Area contaminated")),
        ("area", "area_cleared_m2", _("Area cleared")),
        (
            "count",
            "submunitions_destroyed_clearance",
            _("Submunitions destroyed in clearance"),
        ),
    ),
    ("G", _("Risk reduction education")),
    ("H", _("Victim assistance")),
    ("I", _("National resources and international cooperation")),
    ("J", _("Other")),
)

# CCW: one section per matter of Amended Protocol II, Art. 13(4), and Protocol V,
# Art. 10(2) (synchronised reporting date, 31 March: CCW/AP.II/CONF.12/6, para 26).
CCW_APII = _forms(
    ("II-1", _("Amended Protocol II: dissemination of information")),
    (
        "II-2",
        _("Amended Protocol II: mine clearance and rehabilitation programmes"),
        ("area", "area_cleared_m2", _("Area cleared")),
    ),
    ("II-3", _("Amended Protocol II: technical requirements")),
    ("II-4", _("Amended Protocol II: legislation")),
    ("II-5", _("Amended Protocol II: international cooperation and assistance")),
    ("II-6", _("Amended Protocol II: other relevant matters")),
)
CCW_PV = _forms(
    (
        "V-1",
        _("Protocol V: clearance, removal or destruction of explosive remnants"),
        ("count", "erw_destroyed", _("Explosive remnants of war destroyed")),
    ),
    ("V-2", _("Protocol V: recording and transmission of information")),
    ("V-3", _("Protocol V: protection of civilians and humanitarian missions")),
    ("V-4", _("Protocol V: cooperation, assistance and victim assistance")),
    ("V-5", _("Protocol V: generic preventive measures and compliance")),
    ("V-6", _("Protocol V: other relevant matters")),
)

# The compliance mechanism's national annual report, owed by every High
# Contracting Party to the Convention (CCW/CONF.III/11, Annex II, Decision on a
# compliance mechanism): the Convention's dissemination duty (Art. 6), the legal
# measures taken to prevent and suppress violations, and each annexed Protocol.
CCW_CM = _forms(
    ("CM-A", _("Dissemination of information to armed forces and civilians")),
    ("CM-B", _("Legal and other measures to prevent and suppress violations")),
    ("CM-C", _("Implementation of the annexed Protocols")),
    ("CM-D", _("Other relevant matters")),
)

CATALOGUE: dict[str, tuple[FormSpec, ...]] = {
    "APMBC": APMBC,
    "CCM": CCM,
    "CCW-CM": CCW_CM,
    "CCW-APII": CCW_APII,
    "CCW-PV": CCW_PV,
    "CCW": CCW_APII + CCW_PV,
}
# What a report type's form set is chosen from (the admin and staff pages).
FORM_SETS = [(key, key) for key in CATALOGUE]


def forms_for(form_set: str) -> tuple[FormSpec, ...]:
    """The forms of a form set; a key ISM has no forms for has none."""
    return CATALOGUE.get(form_set, ())


def form_spec(form_set: str, code: str) -> FormSpec | None:
    for spec in forms_for(form_set):
        if spec.code == code:
            return spec
    return None


def figure(key: str, form_set: str = "") -> Figure | None:
    """A figure by its key, in `form_set` first, else in any set."""
    sets = [forms_for(form_set), *CATALOGUE.values()]
    for specs in sets:
        for spec in specs:
            for candidate in spec.figures:
                if candidate.key == key:
                    return candidate
    return None


def all_form_codes() -> list[str]:
    """Every form code of every convention, in catalogue order, once."""
    seen: list[str] = []
    for specs in CATALOGUE.values():
        for spec in specs:
            if spec.code not in seen:
                seen.append(spec.code)
    return seen
