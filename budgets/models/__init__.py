"""Budgets and contributions of the ISUs. The models live in several modules (the
contributions' in budgets.contributions.models); import them from here
(`from budgets.models import Budget, Invoice`): Django registers the app's models
through this module."""

from budgets.contributions.models import *  # noqa: F403
from budgets.contributions.models import __all__ as _contributions
from budgets.models.budget import (
    PUBLIC_STATUSES,
    REVIEWED_STATUSES,
    Budget,
    BudgetComment,
    BudgetItem,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    InKindSupport,
    Mission,
    StaffPosition,
)
from budgets.models.funds import Fund, FundMovement

__all__ = [
    "PUBLIC_STATUSES",
    "REVIEWED_STATUSES",
    "Budget",
    "BudgetComment",
    "BudgetItem",
    "BudgetLine",
    "BudgetNote",
    "EarmarkedProject",
    "Fund",
    "FundMovement",
    "InKindSupport",
    "Mission",
    "StaffPosition",
    *_contributions,
]
