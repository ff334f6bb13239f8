"""Reads of the reporting capability (see each module)."""

from reporting.selectors.follow_up import (
    Board,
    Obligation,
    annual_obligations,
    board,
    current_reporting_year,
    default_years,
    initial_obligations,
    reminders_sent,
    reporting_rates,
    reports_received,
    reports_received_by_year,
    states_parties,
)
from reporting.selectors.reports import (
    forms_in_order,
    previous_version,
    published_reports,
    published_years,
    report_detail_queryset,
    report_list,
    state_history,
    version_queryset,
)

__all__ = [
    "Board",
    "Obligation",
    "annual_obligations",
    "board",
    "current_reporting_year",
    "default_years",
    "forms_in_order",
    "initial_obligations",
    "previous_version",
    "published_reports",
    "published_years",
    "reminders_sent",
    "report_detail_queryset",
    "report_list",
    "reporting_rates",
    "reports_received",
    "reports_received_by_year",
    "state_history",
    "states_parties",
    "version_queryset",
]
