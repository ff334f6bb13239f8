"""Reads of contributions shared by pages, the API, exports and the ISU's annual
report. Split by subject (next commit); import them from here."""

from budgets.contributions.selectors.collection import *  # noqa: F403
from budgets.contributions.selectors.collection import _status_q  # noqa: F401
