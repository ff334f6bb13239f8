"""Work plans of the ISUs: a results chain per thematic area, indicators with
targets and actuals, frozen versions, and the Coordinating Committee's review.

Only inputs are stored. Numbering ("Outcome 1", "Output 1.1", "Activity 1.1.1"),
the status of an indicator (on track / at risk / off track) and what a result
costs are derived in workplans.tree and workplans.progress, never typed.
"""

from __future__ import annotations

from django.db.models import Q

from ism.access import Scope, register
from workplans.models.indicators import Actual, Indicator
from workplans.models.plans import (
    LEVEL_PLURALS,
    LEVEL_RANK,
    LEVELS_TOP_DOWN,
    Level,
    Result,
    ThematicArea,
    WorkPlan,
    WorkPlanDocument,
    parent_level,
    split_actions,
)
from workplans.models.review import ReviewComment, ReviewThread, WorkPlanVersion

# --- Who sees what (the policy itself is ism.access) ----------------------------------

# Anyone may read an adopted plan; the Coordinating Committee reads a plan from the
# moment it is first submitted to it; drafts stay with the ISU (and auditors).
PUBLIC_STATUSES = [WorkPlan.Status.ADOPTED]
REVIEWED_STATUSES = [
    WorkPlan.Status.IN_REVIEW,
    WorkPlan.Status.CHANGES_REQUESTED,
    WorkPlan.Status.APPROVED,
    WorkPlan.Status.ADOPTED,
]


def _plan_scope(path: str, *, public: bool = True) -> Scope:
    prefix = f"{path}__" if path else ""
    return Scope(
        convention=f"{prefix}convention",
        public=Q(**{f"{prefix}status__in": PUBLIC_STATUSES}) if public else None,
        for_reviewers=Q(**{f"{prefix}status__in": REVIEWED_STATUSES}),
    )


register(WorkPlan, _plan_scope(""))
register(ThematicArea, _plan_scope("workplan"))
register(Result, _plan_scope("workplan"))
register(Indicator, _plan_scope("result__workplan"))
register(Actual, _plan_scope("indicator__result__workplan"))
register(WorkPlanDocument, _plan_scope("workplan"))
# Versions and the review conversation belong to the ISU and the committee.
register(WorkPlanVersion, _plan_scope("workplan", public=False))
register(ReviewThread, _plan_scope("workplan", public=False))
register(ReviewComment, _plan_scope("thread__workplan", public=False))

__all__ = [
    "LEVELS_TOP_DOWN",
    "LEVEL_PLURALS",
    "LEVEL_RANK",
    "PUBLIC_STATUSES",
    "REVIEWED_STATUSES",
    "Actual",
    "Indicator",
    "Level",
    "Result",
    "ReviewComment",
    "ReviewThread",
    "ThematicArea",
    "WorkPlan",
    "WorkPlanDocument",
    "WorkPlanVersion",
    "parent_level",
    "split_actions",
]
