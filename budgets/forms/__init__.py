"""Forms of the budget pages. They check what a person types and turn it into the
values the services take (Money in the budget's currency, a rate as a share); the
rules that hold for every caller live in budgets.services."""

from budgets.forms.edit import (
    BudgetHeaderForm,
    LineForm,
    MissionForm,
    NoteForm,
    PositionForm,
    budget_formsets,
)
from budgets.forms.fields import AmountField, FTEField, PercentField
from budgets.forms.workflow import (
    AdoptForm,
    BudgetCreateForm,
    CirculateForm,
    CommentForm,
    RequestChangesForm,
    ReturnToDraftForm,
    next_budget_defaults,
)

__all__ = [
    "AdoptForm",
    "AmountField",
    "BudgetCreateForm",
    "BudgetHeaderForm",
    "CirculateForm",
    "CommentForm",
    "FTEField",
    "LineForm",
    "MissionForm",
    "NoteForm",
    "PercentField",
    "PositionForm",
    "RequestChangesForm",
    "ReturnToDraftForm",
    "budget_formsets",
    "next_budget_defaults",
]
