"""The database rules that recur across ISM's models, each named once: one row per
combination of fields, an amount that must be positive or never negative, a
share of a whole, a text that may not be empty, a period that does not end
before it starts. Each builds the same constraint the models wrote by hand, so
no migration follows from using it.

`optional=True` where the column may be empty (not known, not given): then there
is nothing to judge."""

from functools import reduce
from operator import or_

from django.db.models import CheckConstraint, F, Q, UniqueConstraint


def _rule(field: str, condition: Q, *, name: str, optional: bool) -> CheckConstraint:
    if optional:
        condition = Q(**{f"{field}__isnull": True}) | condition
    return CheckConstraint(condition=condition, name=name)


def positive(field: str, *, name: str, optional: bool = False) -> CheckConstraint:
    """`field` is greater than zero (an amount, a target, a rate)."""
    return _rule(field, Q(**{f"{field}__gt": 0}), name=name, optional=optional)


def not_negative(field: str, *, name: str, optional: bool = False) -> CheckConstraint:
    """`field` is never below zero (a cost, a count, a figure reported)."""
    return _rule(field, Q(**{f"{field}__gte": 0}), name=name, optional=optional)


def share(field: str, *, name: str, optional: bool = False) -> CheckConstraint:
    """`field` is a share of a whole: more than nothing, at most all of it (a
    full-time equivalent, a maximum share of a total, a State's share)."""
    condition = Q(**{f"{field}__gt": 0, f"{field}__lte": 1})
    return _rule(field, condition, name=name, optional=optional)


def not_blank(field: str, *, name: str) -> CheckConstraint:
    """A text the row cannot do without (a title, a statement, a source)."""
    return CheckConstraint(condition=~Q(**{field: ""}), name=name)


def unique(
    fields: list[str], *, name: str, condition: Q | None = None
) -> UniqueConstraint:
    """One row per combination of `fields` (among the rows `condition` selects:
    a partial index, where NULLs would otherwise never collide)."""
    return UniqueConstraint(fields=fields, name=name, condition=condition)


def expires_after(created: str, expires: str, *, name: str) -> CheckConstraint:
    """A secret's expiry (an API token's, an invitation's) is after it was made:
    strictly, or it never worked."""
    return CheckConstraint(condition=Q(**{f"{expires}__gt": F(created)}), name=name)


def ordered(
    start: str, end: str, *, name: str, optional: tuple[str, ...] = ()
) -> CheckConstraint:
    """`end` is not before `start`; a field named in `optional` may be empty,
    and then there is nothing to compare."""
    conditions = [Q(**{f"{field}__isnull": True}) for field in optional]
    conditions.append(Q(**{f"{end}__gte": F(start)}))
    return CheckConstraint(condition=reduce(or_, conditions), name=name)
