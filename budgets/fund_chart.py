"""A fund's balance over time, laid out on the server as a step line the fund
page draws as inline SVG (no script, nothing from a CDN), with its target as a
dashed line. The page lists the same figures in the ledger table beside it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT = 640, 200
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 12, 24


@dataclass(frozen=True)
class BalanceChart:
    width: int
    height: int
    path: str
    target_y: Decimal | None
    first: dt.date
    last: dt.date
    top: Decimal
    baseline_y: int


def balance_chart(
    points: list[tuple[dt.date, Decimal]],
    *,
    until: dt.date,
    target: Decimal | None = None,
) -> BalanceChart | None:
    """`points`: the balance after each movement, oldest first (fund_ledger);
    the line runs on to `until` at the last balance. None without movements."""
    if not points:
        return None
    first = points[0][0]
    last = max(until, points[-1][0])
    days = max((last - first).days, 1)
    top = max([b for _, b in points] + [target or Decimal(0), Decimal(1)])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> Decimal:
        return round(Decimal(LEFT) + Decimal(plot_w) * (day - first).days / days, 1)

    def y(amount: Decimal) -> Decimal:
        amount = max(amount, Decimal(0))
        return round(Decimal(TOP) + Decimal(plot_h) * (1 - amount / top), 1)

    steps = [f"M {x(first)} {y(Decimal(0))}"]
    for day, balance in points:
        steps.append(f"H {x(day)} V {y(balance)}")
    steps.append(f"H {x(last)}")
    return BalanceChart(
        width=WIDTH,
        height=HEIGHT,
        path=" ".join(steps),
        target_y=y(target) if target else None,
        first=first,
        last=last,
        top=top,
        baseline_y=TOP + plot_h,
    )
