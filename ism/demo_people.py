"""The demo's people for `load_demo`: one account a persona (administrator, ISU
staff, committee member, focal point, auditor), each with the role it shows, all
with the one password README.md and `make run` give."""

from __future__ import annotations

from dataclasses import dataclass

from ism.demo import COORDINATING
from ism.models import Committee, Convention, Role, RoleAssignment, State, User

DEMO_PASSWORD = "demo-ism-2026"  # noqa: S105  (printed by make run; demo only)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    description: str
    convention: str | None = None
    committee: str | None = None
    state: str | None = None


DEMO_USERS = [
    DemoUser("admin", "Ada Admin", "superuser", "administrator (Django admin)"),
    DemoUser(
        "staff.apmbc",
        "Sam Staff",
        Role.ISU_STAFF,
        "ISU staff, APMBC",
        convention="APMBC",
    ),
    DemoUser(
        "staff.ccm", "Cleo Staff", Role.ISU_STAFF, "ISU staff, CCM", convention="CCM"
    ),
    DemoUser(
        "committee.apmbc",
        "Chris Committee",
        Role.COMMITTEE_MEMBER,
        "member of the APMBC Coordinating Committee",
        committee=("APMBC", COORDINATING),
    ),
    DemoUser(
        "focal.norway",
        "Nora Focal",
        Role.FOCAL_POINT,
        "focal point of Norway for the APMBC",
        convention="APMBC",
        state="NOR",
    ),
    DemoUser(
        "auditor", "Audrey Auditor", Role.AUDITOR, "read-only auditor, all conventions"
    ),
]


def demo_users_load(conventions: dict[str, Convention]) -> None:
    """Each demo account with its role, once (`conventions` by code)."""
    for demo in DEMO_USERS:
        _demo_user(demo, conventions)


def _demo_user(demo: DemoUser, conventions: dict[str, Convention]) -> User:
    first, last = demo.full_name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=demo.username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{demo.username}@demo.ism.invalid",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        if demo.role == "superuser":
            user.is_superuser = user.is_staff = True
        user.save()
    if demo.role == "superuser":
        return user
    scope = {
        "convention": conventions[demo.convention] if demo.convention else None,
        "committee": (
            Committee.objects.get(
                convention__code=demo.committee[0], name=demo.committee[1]
            )
            if demo.committee
            else None
        ),
        "state": State.objects.get(iso3=demo.state) if demo.state else None,
    }
    RoleAssignment.objects.get_or_create(user=user, role=demo.role, **scope)
    return user
