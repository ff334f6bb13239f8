"""The database rules that recur across ISM's models, each named once: an amount
that must be positive, one that may be missing but never negative, a period
that does not end before it starts. Each builds the same CheckConstraint the
models wrote by hand, so no migration follows from using it."""

from functools import reduce
from operator import or_

from django.db.models import CheckConstraint, F, Q


def positive(field: str, *, name: str) -> CheckConstraint:
    """`field` is greater than zero (an amount, a target)."""
    return CheckConstraint(condition=Q(**{f"{field}__gt": 0}), name=name)


def not_negative(field: str, *, name: str) -> CheckConstraint:
    """`field` may be empty (not known, not given) but is never below zero."""
    return CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
        name=name,
    )


def ordered(
    start: str, end: str, *, name: str, optional: tuple[str, ...] = ()
) -> CheckConstraint:
    """`end` is not before `start`; a field named in `optional` may be empty,
    and then there is nothing to compare."""
    conditions = [Q(**{f"{field}__isnull": True}) for field in optional]
    conditions.append(Q(**{f"{end}__gte": F(start)}))
    return CheckConstraint(condition=reduce(or_, conditions), name=name)
