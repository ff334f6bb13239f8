"""Who a user is to ISM: the roles read once per request (or per API token) and
the conventions, committees and States each one covers."""

from __future__ import annotations

from dataclasses import dataclass

from ism.models import (
    Committee,
    Role,
    RoleAssignment,
)


@dataclass(frozen=True)
class Roles:
    """A user's role assignments, resolved once per request."""

    authenticated: bool = False
    superuser: bool = False
    auditor_of_all: bool = False
    audited_conventions: frozenset[int] = frozenset()
    staff_conventions: frozenset[int] = frozenset()
    committees: frozenset[int] = frozenset()
    # Conventions of the committees the user sits on, by committee kind.
    committee_conventions: frozenset[int] = frozenset()
    coordinating_conventions: frozenset[int] = frozenset()
    # (state_id, convention_id) pairs the user is focal point for.
    focal_points: frozenset[tuple[int, int]] = frozenset()
    # An API token's reach: rows of any other convention are never visible, and
    # nothing may be changed. None for people (their roles are their reach).
    confined_to: frozenset[int] | None = None

    @property
    def sees_everything(self) -> bool:
        return self.superuser or self.auditor_of_all

    @property
    def readable_conventions(self) -> frozenset[int]:
        return self.staff_conventions | self.audited_conventions

    @property
    def is_staff_anywhere(self) -> bool:
        return self.superuser or bool(self.staff_conventions)

    @property
    def read_only(self) -> bool:
        return self.confined_to is not None

    @property
    def focal_point_states(self) -> frozenset[int]:
        return frozenset(state for state, _ in self.focal_points)


ANONYMOUS = Roles()


def roles_of_token(token) -> Roles | None:
    """What an API token may read, or None when it may read nothing any more.

    A token never reaches further than its maker does today: when the maker leaves
    the convention's staff, or stops being the State's focal point, or is
    deactivated, the token stops working. Within that:

    * a convention token (no State) is a dashboard: public data and aggregates of
      its convention, as an anonymous visitor would see them, and no more;
    * a State token reads what that State's focal point reads in that convention.

    Every token is read-only (`Roles.read_only`): can_manage, can_review and
    can_act_for_state are all False for it.
    """
    maker = token.created_by
    if not maker.is_active:
        return None
    maker_roles = roles_of(maker)
    convention_id = token.convention_id
    maker_is_staff = (
        maker_roles.superuser or convention_id in maker_roles.staff_conventions
    )
    confined = frozenset({convention_id})
    if token.state_id is None:
        if not maker_is_staff:
            return None
        return Roles(authenticated=True, confined_to=confined)
    pair = (token.state_id, convention_id)
    if not (maker_is_staff or pair in maker_roles.focal_points):
        return None
    return Roles(
        authenticated=True, focal_points=frozenset({pair}), confined_to=confined
    )


def roles_of(user) -> Roles:
    """The user's roles, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_ism_roles", None)
    if cached is not None:
        return cached
    # The columns the roles are made of, not the rows: on every request, so one
    # join and no model instances (the four-table select_related this replaced
    # cost an API answer ~4 ms, most of it compiling the query).
    rows = RoleAssignment.objects.filter(user=user).values_list(
        "role",
        "convention_id",
        "committee_id",
        "committee__convention_id",
        "committee__kind",
        "state_id",
    )
    staff, audited, committees, committee_conventions = set(), set(), set(), set()
    coordinating, focal_points = set(), set()
    auditor_of_all = False
    for role, convention, committee, committee_convention, kind, state in rows:
        if role == Role.ISU_STAFF:
            staff.add(convention)
        elif role == Role.AUDITOR:
            if convention is None:
                auditor_of_all = True
            else:
                audited.add(convention)
        elif role == Role.COMMITTEE_MEMBER:
            committees.add(committee)
            committee_conventions.add(committee_convention)
            if kind == Committee.Kind.COORDINATING:
                coordinating.add(committee_convention)
        elif role == Role.FOCAL_POINT:
            focal_points.add((state, convention))
    roles = Roles(
        authenticated=True,
        superuser=user.is_superuser and user.is_active,
        auditor_of_all=auditor_of_all,
        audited_conventions=frozenset(audited),
        staff_conventions=frozenset(staff),
        committees=frozenset(committees),
        committee_conventions=frozenset(committee_conventions),
        coordinating_conventions=frozenset(coordinating),
        focal_points=frozenset(focal_points),
    )
    user._ism_roles = roles
    return roles
