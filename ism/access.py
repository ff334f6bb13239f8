"""The one access policy. Every page, API view, export, PDF and task asks here.

Two questions, answered in one place:

* **What may this user see?** `visible(user, queryset)` filters any registered
  model's queryset by the user's roles. Views look objects up *through* it, so an
  object the user may not see does not exist for them: another State's invoice is
  a 404, never a 403 that confirms it exists.
* **What may this user do?** `can_manage`, `can_review`, `can_act_for_state` and
  their `require_*` twins (PermissionDenied → 403) for an object the user can see.

Pages and services ask the named questions below (`can_audit`,
`can_read_accounts`, `can_manage_shared`, `focal_points_of`, ...) rather than
reading `roles_of()` themselves: the same question then gets the same answer on
every page, and a rule changes here once.

Models declare how they are scoped with `register(Model, Scope(...))` next to
their definition; an unregistered model is refused loudly rather than shown to
everyone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ism.models import (
    ApiToken,
    AuditEvent,
    Committee,
    CommitteeChair,
    CommitteeMembership,
    Convention,
    Instrument,
    InstrumentMembership,
    Invitation,
    OutgoingMail,
    Participation,
    Role,
    RoleAssignment,
    State,
    StateContact,
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


# Stands for the user's id while the roles' query is compiled.
_USER = 2147483647


@functools.cache
def _roles_sql() -> str:
    """The SQL of the user's role assignments, the ORM's, compiled once per process
    with the user's id as its one parameter. The columns the roles are made of,
    not the rows: on every signed-in request, so one join and no model instances
    (the four-table select_related this replaced cost an API answer ~4 ms, most
    of it compiling the query), and compiling even this one was a tenth of the
    work plans list's time (bench/bench_api.py, api.workplans)."""
    query = (
        RoleAssignment.objects.filter(user_id=_USER)
        .values_list(
            "role",
            "convention_id",
            "committee_id",
            "committee__convention_id",
            "committee__kind",
            "state_id",
        )
        .query
    )
    sql, params = query.get_compiler(connection=connection).as_sql()
    if tuple(params) != (_USER,):
        raise ImproperlyConfigured(f"The roles' query takes {params!r}.")
    return sql


def roles_of(user) -> Roles:
    """The user's roles, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_ism_roles", None)
    if cached is not None:
        return cached
    with connection.cursor() as cursor:
        cursor.execute(_roles_sql(), [user.pk])
        rows = cursor.fetchall()
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


# --- What may be seen -----------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """How rows of one model are scoped. Lookups are ORM paths from the model.

    convention: path to the Convention the row belongs to (ISU staff and auditors
        of that convention see it).
    state: path to the State that owns the row (its focal points for that
        convention see it; no other State's focal point ever does).
    committee: path to the Committee that owns the row (its members see it).
    public: rows anyone may read, anonymous users included.
    for_reviewers: rows members of the convention's Coordinating Committee may read
        (e.g. a budget submitted for their review).
    for_committees: rows members of any committee of the convention may read.
    for_states: rows every focal point of the convention may read (shared, not
        owned by one State, e.g. a budget circulated to States Parties).
    for_owner: which of its own rows a State's focal points read (default: all).
    """

    convention: str | None = "convention"
    state: str | None = None
    committee: str | None = None
    public: Q | None = None
    for_reviewers: Q | None = None
    for_committees: Q | None = None
    for_states: Q | None = None
    # Of a State's own rows, those its focal points may see (None: all of them),
    # e.g. an invoice once issued, not while the ISU is still preparing it.
    for_owner: Q | None = None


_registry: dict[type[Model], Scope] = {}


def register(model: type[Model], scope: Scope) -> None:
    _registry[model] = scope


def scope_for(model: type[Model]) -> Scope:
    try:
        return _registry[model]
    except KeyError:
        raise ImproperlyConfigured(
            f"{model.__name__} has no access scope: register it in ism.access "
            "before serving it."
        ) from None


def _in(path: str, ids: Iterable[int]) -> Q:
    return Q(**{f"{path}__in": sorted(ids)})


def visibility_filter(user, model: type[Model]) -> Q | None:
    """The Q a user's rows of `model` must match; None means every row."""
    scope = scope_for(model)
    roles = roles_of(user)
    if roles.sees_everything:
        return None
    q = _granted(roles, scope)
    if roles.confined_to is not None and scope.convention:
        q &= _in(scope.convention, roles.confined_to)
    return q


def _granted(roles: Roles, scope: Scope) -> Q:
    q = Q(pk__in=[])
    if scope.public is not None:
        q |= scope.public
    if not roles.authenticated:
        return q
    if scope.convention and roles.readable_conventions:
        q |= _in(scope.convention, roles.readable_conventions)
    if roles.focal_points:
        if scope.state:
            for state_id, convention_id in roles.focal_points:
                own = Q(**{scope.state: state_id})
                if scope.convention:
                    own &= Q(**{scope.convention: convention_id})
                if scope.for_owner is not None:
                    own &= scope.for_owner
                q |= own
        if scope.for_states is not None and scope.convention:
            q |= scope.for_states & _in(
                scope.convention, {c for _, c in roles.focal_points}
            )
    if roles.committees:
        if scope.committee:
            q |= _in(scope.committee, roles.committees)
        if scope.for_committees is not None and scope.convention:
            q |= scope.for_committees & _in(
                scope.convention, roles.committee_conventions
            )
        if scope.for_reviewers is not None and scope.convention:
            q |= scope.for_reviewers & _in(
                scope.convention, roles.coordinating_conventions
            )
    return q


def visible(user, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to the rows `user` may see."""
    q = visibility_filter(user, queryset.model)
    return queryset if q is None else queryset.filter(q)


def get_visible_or_404(user, queryset: QuerySet, **lookup):
    """One object the user may see, or 404 — whether it is missing or not theirs."""
    try:
        return visible(user, queryset).get(**lookup)
    except queryset.model.DoesNotExist:
        raise Http404(f"No {queryset.model._meta.verbose_name} matches.") from None


def convention_or_404(user, code: str) -> Convention:
    """The convention `code` names (in any case), if `user` may see it; else 404."""
    return get_visible_or_404(user, Convention.objects.all(), code=code.upper())


# --- What may be done -------------------------------------------------------------


def _convention_id(convention: Convention | int) -> int:
    return convention if isinstance(convention, int) else convention.pk


def can_manage(user, convention: Convention | int) -> bool:
    """ISU staff of the convention edit its budgets, invoices, work plans, meetings."""
    roles = roles_of(user)
    if roles.read_only:
        return False
    return roles.superuser or _convention_id(convention) in roles.staff_conventions


def can_review(user, convention: Convention | int) -> bool:
    """Members of the convention's Coordinating Committee review and approve."""
    roles = roles_of(user)
    if roles.read_only:
        return False
    return (
        roles.superuser or _convention_id(convention) in roles.coordinating_conventions
    )


def can_act_for_state(user, state: State | int, convention: Convention | int) -> bool:
    """A focal point acts for their own State in that convention only."""
    roles = roles_of(user)
    return not roles.read_only and _is_focal_point(roles, state, convention)


def _is_focal_point(roles: Roles, state, convention) -> bool:
    state_id = state if isinstance(state, int) else state.pk
    return (state_id, _convention_id(convention)) in roles.focal_points


def require_manage(user, convention: Convention | int) -> None:
    if not can_manage(user, convention):
        raise PermissionDenied("Only ISU staff of this convention may do this.")


def managed_convention_or_404(user, code: str) -> Convention:
    """The convention `code` names, for its staff: 404 for one `user` may not
    see, 403 for one they may see but not manage."""
    convention = convention_or_404(user, code)
    require_manage(user, convention)
    return convention


def require_review(user, convention: Convention | int) -> None:
    if not can_review(user, convention):
        raise PermissionDenied(
            "Only members of the Coordinating Committee may do this."
        )


def require_act_for_state(
    user, state: State | int, convention: Convention | int
) -> None:
    if not can_act_for_state(user, state, convention):
        raise PermissionDenied("Only the State's focal point may do this.")


def can_see_state_data(user, state: State | int, convention: Convention | int) -> bool:
    """A State's private pages: its focal points, the convention's staff and
    auditors, administrators."""
    roles = roles_of(user)
    if roles.confined_to is not None and (
        _convention_id(convention) not in roles.confined_to
    ):
        return False
    return can_audit(user, convention) or _is_focal_point(roles, state, convention)


def can_edit_state_data(user, state: State | int, convention: Convention | int) -> bool:
    return can_act_for_state(user, state, convention) or can_manage(user, convention)


def require_state_page(user, state: State | int, convention: Convention | int) -> None:
    """Another State's private page does not exist for you: 404, not 403."""
    if not can_see_state_data(user, state, convention):
        raise Http404("No such page.")


def state_page_or_404(user, iso3: str, code: str) -> Participation:
    """The State's participation a State page (/states/<iso3>/<code>/…) is about,
    with its State and convention: 404 where the State is not a participant the
    user may see, or where the page is another State's."""
    participation = get_visible_or_404(
        user,
        Participation.objects.select_related("state", "convention"),
        state__iso3=iso3.upper(),
        convention__code=code.upper(),
    )
    require_state_page(user, participation.state, participation.convention)
    return participation


def managed_conventions(user) -> QuerySet[Convention]:
    """The conventions whose ISU the user works for (every one for administrators)."""
    roles = roles_of(user)
    if roles.superuser:
        return Convention.objects.all()
    return Convention.objects.filter(pk__in=roles.staff_conventions)


# --- Named questions ----------------------------------------------------------------
# What pages and services ask, by name. A convention is public, so refusing one of
# its private pages confirms nothing: a missing permission there is a 403. A row of
# another State is what a 404 is for (get_visible_or_404, require_state_page).


def can_audit(user, convention: Convention | int) -> bool:
    """The convention's whole working record, read-only: its ISU staff, its auditors
    (and the auditors of every convention), administrators. Every participant and
    sponsorship application, a work plan's history and review, the accounts."""
    roles = roles_of(user)
    convention_id = _convention_id(convention)
    if roles.confined_to is not None and convention_id not in roles.confined_to:
        return False
    return roles.sees_everything or convention_id in roles.readable_conventions


def can_subscribe_privately(user, convention: Convention | int) -> bool:
    """A private calendar link (ism.calendar_feeds) to every meeting of the
    convention the user may see: for those who read its whole record. The link
    asks again at every fetch, so it dies with the role."""
    return bool(getattr(user, "is_active", False)) and can_audit(user, convention)


def own_calendar_feeds(user):
    """The calendar links a user may list and revoke: their own."""
    from ism.models import CalendarFeed

    if not getattr(user, "is_authenticated", False):
        return CalendarFeed.objects.none()
    return CalendarFeed.objects.filter(user=user)


def audited_conventions(user) -> QuerySet[Convention]:
    """The conventions whose record the user reads as `can_audit` says."""
    roles = roles_of(user)
    if roles.sees_everything:
        return Convention.objects.all()
    conventions = Convention.objects.filter(pk__in=roles.readable_conventions)
    if roles.confined_to is not None:
        conventions = conventions.filter(pk__in=roles.confined_to)
    return conventions


def can_read_accounts(user, convention: Convention | int) -> bool:
    """A convention's accounts (collection status and its Excel, the invoice list,
    pledges, the reminders sent) are read by whoever audits the convention. A
    State's focal point reads their own State's position (can_see_state_data)."""
    return can_audit(user, convention)


def _required(can: Callable[..., bool], refusal: str) -> Callable[..., None]:
    """The `require_` twin of a convention's `can_` rule: for anyone `can`
    refuses, a 403 whose `refusal` says who may, naming the convention by its
    %(code)s."""

    def require(user, convention: Convention) -> None:
        if not can(user, convention):
            raise PermissionDenied(refusal % {"code": convention.code})

    return require


# Anyone else knows the convention, not its accounts.
require_read_accounts = _required(
    can_read_accounts,
    _("Only the ISU staff and auditors of the %(code)s read its accounts."),
)


def can_read_funds(user, convention: Convention | int) -> bool:
    """A convention's fund ledgers (every movement, its decision and the State
    that paid it): read by whoever audits the convention and by the members of
    its committees, who decide on drawdowns. Balances are public (budgets)."""
    roles = roles_of(user)
    convention_id = _convention_id(convention)
    if roles.confined_to is not None:
        return False
    return can_audit(user, convention) or convention_id in roles.committee_conventions


require_read_funds = _required(
    can_read_funds,
    _("Only the ISU staff, committees and auditors of the %(code)s read its funds."),
)


def can_keep_funds(user, convention: Convention | int) -> bool:
    """Only the convention's ISU staff write in its funds' ledgers."""
    return can_manage(user, convention)


def can_manage_shared(user) -> bool:
    """Tables no convention owns (the UN scale of assessment, exchange rates) are
    kept by the ISU staff of any convention, and administrators."""
    roles = roles_of(user)
    return not roles.read_only and roles.is_staff_anywhere


def require_manage_shared(user, message: str) -> None:
    if not can_manage_shared(user):
        raise PermissionDenied(message)


def focal_points_of(user) -> frozenset[tuple[int, int]]:
    """The (state id, convention id) pairs the user is focal point for."""
    return roles_of(user).focal_points


def focal_states(user, convention: Convention | int) -> list[int]:
    """Ids of the States the user is focal point for in the convention."""
    convention_id = _convention_id(convention)
    return sorted(s for s, c in focal_points_of(user) if c == convention_id)


def can_manage_people(user, convention: Convention | int) -> bool:
    """Who works on a convention, and in which role: its ISU staff invite
    colleagues, committee members and States' focal points, and grant and revoke
    their roles (ism.people); administrators too, who keep the Django admin."""
    return can_manage(user, convention)


# The convention is public, its people are not.
require_manage_people = _required(
    can_manage_people,
    _("Only the ISU staff of the %(code)s manage its people and roles."),
)


def can_make_tokens(user) -> bool:
    """API tokens are made by ISU staff (for their convention) and focal points (for
    their State); what a token reads is then roles_of_token's question."""
    roles = roles_of(user)
    return roles.superuser or bool(roles.staff_conventions or roles.focal_points)


# --- Scopes of the core models -----------------------------------------------------
# Every row. (An empty Q() would vanish when OR-ed: Q(x) | Q() is Q(x).)
EVERY_ROW = Q(pk__isnull=False)

# Treaty membership, committees and their chairs are public facts.
register(Convention, Scope(convention="pk", public=EVERY_ROW))
register(State, Scope(convention=None, public=EVERY_ROW))
register(Participation, Scope(public=EVERY_ROW))
register(Instrument, Scope(public=EVERY_ROW))
register(
    InstrumentMembership,
    Scope(convention="instrument__convention", public=EVERY_ROW),
)
register(Committee, Scope(public=EVERY_ROW))
register(
    CommitteeMembership, Scope(convention="committee__convention", public=EVERY_ROW)
)
register(CommitteeChair, Scope(convention="committee__convention", public=EVERY_ROW))
# History belongs to the convention's staff and auditors; a State's focal point
# sees the history of their own State's objects.
register(AuditEvent, Scope(convention="convention", state="state"))
register(OutgoingMail, Scope(convention="convention", state="state"))
register(StateContact, Scope(convention="convention", state="state"))
# A State's focal point sees the tokens of their own State; the convention's staff
# and auditors see all of the convention's.
register(ApiToken, Scope(convention="convention", state="state"))
# Invitations are the convention's staff's business (and its auditors' to read).
register(Invitation, Scope(convention="convention"))
