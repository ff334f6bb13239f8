"""Pages of the budgets: the list, the public list, a budget with its workflow, the
one edit page with figures that follow what is typed, and the comparison with the
previous year.

Every write goes through budgets.services, which checks who may act (a refusal is
PermissionDenied, i.e. a 403) and validates; the pages only turn form input into
the services' arguments and put their messages next to the right field.
"""

from budgets.views.detail import ACTIONS, budget_action, budget_compare, budget_detail
from budgets.views.edit import budget_edit, budget_edit_preview, budget_translations
from budgets.views.lists import budget_index, budget_new, budget_public_list

__all__ = [
    "ACTIONS",
    "budget_action",
    "budget_compare",
    "budget_detail",
    "budget_edit",
    "budget_edit_preview",
    "budget_index",
    "budget_new",
    "budget_public_list",
    "budget_translations",
]
