"""The reporting forms of each convention, with the figures that matter as numbers.

The titles follow the forms the States Parties adopted:

* APMBC Article 7 (Mine Ban Convention), forms A–J;
* CCM Article 7 (Convention on Cluster Munitions), forms A–J;
* CCW: the matters Amended Protocol II, Article 13(4), and Protocol V, Article
  10(2), ask the national annual reports to cover (one section each).

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


def _count(key, label):
    return Figure(key, label, "count")


def _area(key, label):
    return Figure(key, label, "area")


APMBC = (
    FormSpec("A", _("National implementation measures")),
    FormSpec(
        "B",
        _("Stockpiled anti-personnel mines"),
        (_count("mines_stockpiled", _("Anti-personnel mines stockpiled")),),
    ),
    FormSpec(
        "C",
        _("Mined areas"),
        (
            _count("mined_areas", _("Areas known or suspected to contain mines")),
            _area("area_contaminated_m2", _("Area known or suspected to be mined")),
        ),
    ),
    FormSpec(
        "D",
        _("Mines retained or transferred"),
        (
            _count("mines_retained", _("Mines retained for training and research")),
            _count("mines_transferred", _("Mines transferred for destruction")),
        ),
    ),
    FormSpec("E", _("Conversion of production facilities")),
    FormSpec("F", _("Destruction programmes")),
    FormSpec(
        "G",
        _("Mines destroyed"),
        (
            _count("stockpiled_mines_destroyed", _("Stockpiled mines destroyed")),
            _count("mines_destroyed_clearance", _("Mines destroyed in clearance")),
            _area("area_cleared_m2", _("Area cleared")),
        ),
    ),
    FormSpec("H", _("Technical characteristics")),
    FormSpec("I", _("Warnings to the population")),
    FormSpec("J", _("Voluntary: victim assistance, cooperation and assistance")),
)

CCM = (
    FormSpec("A", _("National implementation measures")),
    FormSpec(
        "B",
        _("Stockpiles and destruction"),
        (
            _count("cluster_munitions_stockpiled", _("Cluster munitions stockpiled")),
            _count("submunitions_stockpiled", _("Submunitions stockpiled")),
            _count("cluster_munitions_destroyed", _("Cluster munitions destroyed")),
            _count("submunitions_destroyed", _("Submunitions destroyed")),
        ),
    ),
    FormSpec("C", _("Technical characteristics")),
    FormSpec(
        "D",
        _("Retained or transferred"),
        (
            _count("cluster_munitions_retained", _("Cluster munitions retained")),
            _count("submunitions_retained", _("Submunitions retained")),
            _count("cluster_munitions_transferred", _("Cluster munitions transferred")),
        ),
    ),
    FormSpec("E", _("Conversion of production facilities")),
    FormSpec(
        "F",
        _("Contaminated areas and clearance"),
        (
            _area("area_contaminated_m2", _("Area contaminated")),
            _area("area_cleared_m2", _("Area cleared")),
            _count(
                "submunitions_destroyed_clearance",
                _("Submunitions destroyed in clearance"),
            ),
        ),
    ),
    FormSpec("G", _("Risk reduction education")),
    FormSpec("H", _("Victim assistance")),
    FormSpec("I", _("National resources and international cooperation")),
    FormSpec("J", _("Other")),
)

# CCW: one section per matter of Amended Protocol II, Art. 13(4), and Protocol V,
# Art. 10(2) (synchronised reporting date, 31 March: CCW/AP.II/CONF.12/6, para 26).
CCW = (
    FormSpec("II-1", _("Amended Protocol II: dissemination of information")),
    FormSpec(
        "II-2",
        _("Amended Protocol II: mine clearance and rehabilitation programmes"),
        (_area("area_cleared_m2", _("Area cleared")),),
    ),
    FormSpec("II-3", _("Amended Protocol II: technical requirements")),
    FormSpec("II-4", _("Amended Protocol II: legislation")),
    FormSpec(
        "II-5",
        _("Amended Protocol II: international cooperation and assistance"),
    ),
    FormSpec("II-6", _("Amended Protocol II: other relevant matters")),
    FormSpec(
        "V-1",
        _("Protocol V: clearance, removal or destruction of explosive remnants"),
        (_count("erw_destroyed", _("Explosive remnants of war destroyed")),),
    ),
    FormSpec("V-2", _("Protocol V: recording and transmission of information")),
    FormSpec("V-3", _("Protocol V: protection of civilians and humanitarian missions")),
    FormSpec("V-4", _("Protocol V: cooperation, assistance and victim assistance")),
    FormSpec("V-5", _("Protocol V: generic preventive measures and compliance")),
    FormSpec("V-6", _("Protocol V: other relevant matters")),
)

CATALOGUE: dict[str, tuple[FormSpec, ...]] = {"APMBC": APMBC, "CCM": CCM, "CCW": CCW}


def forms_for(convention_code: str) -> tuple[FormSpec, ...]:
    """The forms of a convention; a convention ISM has no catalogue for has none."""
    return CATALOGUE.get(convention_code, ())


def form_spec(convention_code: str, code: str) -> FormSpec | None:
    for spec in forms_for(convention_code):
        if spec.code == code:
            return spec
    return None


def all_form_codes() -> list[str]:
    """Every form code of every convention, in catalogue order, once."""
    seen: list[str] = []
    for specs in CATALOGUE.values():
        for spec in specs:
            if spec.code not in seen:
                seen.append(spec.code)
    return seen
