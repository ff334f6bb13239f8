"""Reads of contributions shared by pages, the API, exports and the ISU's annual
report, split by subject:

* settled — what settled an invoice (payments applied + credit allocated), the one
  definition every reader uses, dated `as_of`; which invoices are live;
* invoices — invoices and payments as lists and pages read them, scoped by
  ism.access, with the status filter; a State's credit left;
* collection — the collection status of a year, arrears, each State's position.

Import them from here (`from budgets.contributions.selectors import invoice_list`).
"""

from budgets.contributions.selectors.collection import (
    Arrears,
    CollectionStatus,
    StatePosition,
    arrears,
    assessment_years,
    collection_by_currency,
    contribution_status,
    fund_balances,
    state_positions,
)
from budgets.contributions.selectors.invoices import (
    credit_left,
    invoice_detail,
    invoice_list,
    payment_list,
)
from budgets.contributions.selectors.settled import (
    LIVE,
    settled_annotation,
    settled_of,
)

__all__ = [
    "LIVE",
    "Arrears",
    "CollectionStatus",
    "StatePosition",
    "arrears",
    "assessment_years",
    "collection_by_currency",
    "contribution_status",
    "credit_left",
    "fund_balances",
    "invoice_detail",
    "invoice_list",
    "payment_list",
    "settled_annotation",
    "settled_of",
    "state_positions",
]
