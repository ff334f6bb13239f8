"""The reporting-rate chart, laid out on the server: stacked bars per year (on
time, late, missing, not yet due) as shares of the States Parties that owe the
report. The template draws it as inline SVG with CSS classes from ism.css — no
script, no inline style, nothing from a CDN — and the page shows the same figures
in a table beside it for screen readers and for copying."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from reporting.rules import Rate

WIDTH_PER_YEAR = 72
BAR_WIDTH = 40
PLOT_HEIGHT = 200
TOP = 24
LEFT = 44
BOTTOM = 32

SEGMENTS = (
    ("on_time", "seg-on-time"),
    ("late", "seg-late"),
    ("missing", "seg-missing"),
    ("not_due", "seg-not-due"),
)


@dataclass(frozen=True)
class Segment:
    css: str
    x: int
    y: Decimal
    width: int
    height: Decimal
    count: int
    title: str


@dataclass(frozen=True)
class Bar:
    year: int
    x: int
    label_x: int
    segments: list[Segment]
    top_label: str
    top_y: Decimal


@dataclass(frozen=True)
class Gridline:
    y: Decimal
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    baseline: int
    label_y: int
    bars: list[Bar]
    gridlines: list[Gridline]


def _scale(count: int, parties: int) -> Decimal:
    if not parties:
        return Decimal(0)
    return (Decimal(count) * PLOT_HEIGHT / Decimal(parties)).quantize(Decimal("0.1"))


def rates_chart(rates: list[Rate]) -> Chart:
    width = LEFT + WIDTH_PER_YEAR * max(len(rates), 1) + 8
    baseline = TOP + PLOT_HEIGHT
    bars = []
    for index, rate in enumerate(rates):
        x = LEFT + index * WIDTH_PER_YEAR + (WIDTH_PER_YEAR - BAR_WIDTH) // 2
        y = Decimal(baseline)
        segments = []
        for attribute, css in SEGMENTS:
            count = getattr(rate, attribute)
            height = _scale(count, rate.parties)
            if not height:
                continue
            y -= height
            pct = getattr(rate, f"{attribute}_pct")
            segments.append(
                Segment(
                    css=css,
                    x=x,
                    y=y,
                    width=BAR_WIDTH,
                    height=height,
                    count=count,
                    title=f"{rate.year}: {count} ({pct}%)",
                )
            )
        top_label = f"{rate.submitted_pct}%" if rate.parties else "—"
        bars.append(
            Bar(
                year=rate.year,
                x=x,
                label_x=x + BAR_WIDTH // 2,
                segments=segments,
                top_label=top_label,
                top_y=Decimal(TOP - 6),
            )
        )
    gridlines = [
        Gridline(
            y=Decimal(baseline) - Decimal(PLOT_HEIGHT * share) / 100,
            label=f"{share}%",
        )
        for share in (0, 25, 50, 75, 100)
    ]
    return Chart(
        width=width,
        height=baseline + BOTTOM,
        plot_left=LEFT,
        plot_right=width - 4,
        baseline=baseline,
        label_y=baseline + 20,
        bars=bars,
        gridlines=gridlines,
    )
