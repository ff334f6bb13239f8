"""Dates a person types, judged by one rule: a plausible one (issue 15 §3).

A payment, a meeting, an indicator's period or an actual, a sponsorship deadline:
each is within 1900–2199, the same years ism.params lets a page ask for. A date
such as 9999-12-31 is a typing slip, and it breaks whatever computes from it —
one meeting ending then made the convention's whole calendar feed a 500 (its end
is the day after the last day, past datetime.date's range), and a "next month"
link from a calendar in 9999 overflows too.

Models name the rule on their fields; services that call full_clean() apply it,
and those that judge values themselves ask `date_problem`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ism.params import FIRST_YEAR, LAST_YEAR


def date_problem(value) -> str | None:
    """The sentence to show for an implausible date, or None."""
    if isinstance(value, dt.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        return _("Enter a date between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return None


def validate_plausible_date(value) -> None:
    problem = date_problem(value)
    if problem:
        raise ValidationError(problem, code="implausible_date")
