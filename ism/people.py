"""People without the admin (issue 17): a convention's ISU staff invite
colleagues, committee members and States' focal points by e-mail, and grant and
revoke their roles on the convention's people page.

An invitation is a link with a secret shown to nobody but the invitee: mailed
through the outbox (ism.mail) in the invitee's language where ISM knows it, and
stored only as a digest (ism.models.Invitation). It works once, until it expires
(INVITATION_LIFETIME, read from the one clock) or staff revoke it. Accepting it
makes the account (the invitee chooses a user name and password) or, for an
address that has one, asks its owner to sign in first; then the role is granted.
Who may do what is ism.access's question (`can_manage_people`); every step is
an audit event in the transaction of the change.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ism.access import can_manage_people, require_manage_people
from ism.audit import audit_record
from ism.dates import long_date
from ism.mail import mail_enqueue
from ism.models import (
    Committee,
    Convention,
    Invitation,
    Participation,
    Role,
    RoleAssignment,
    State,
    User,
)
from ism.models.invitations import INVITED_ROLES
from ism.models.tokens import token_digest
from ism.selectors import people_of

# A week to answer: long enough for a mission abroad, short enough that a
# forwarded or forgotten mail soon stops being a way in.
INVITATION_LIFETIME = dt.timedelta(days=7)
# Invitations one convention may send in 24 hours: an ISU inviting every focal
# point of its ~127 States Parties in a day passes; a runaway script does not.
INVITATIONS_PER_DAY = 150
SECRET_PREFIX = "ismi_"  # noqa: S105 - the public marker of an invitation link


# --- Inviting ---------------------------------------------------------------------


def _scope_problem(convention, role, committee, state) -> dict | None:
    """What is wrong with the role's scope in `convention`, by field, or None."""
    if role not in INVITED_ROLES:
        return {"role": _("Choose one of the roles offered.")}
    if role == Role.COMMITTEE_MEMBER and (
        committee is None or committee.convention_id != convention.pk
    ):
        return {"committee": _("Choose one of the convention's committees.")}
    if role == Role.FOCAL_POINT and (
        state is None
        or not Participation.objects.filter(state=state, convention=convention).exists()
    ):
        return {"state": _("Choose a State that takes part in the convention.")}
    return None


def role_scope(role: str, convention, committee, state) -> dict:
    """The RoleAssignment columns of the role (ism.models.RoleAssignment's check)."""
    if role == Role.COMMITTEE_MEMBER:
        return {"committee": committee}
    if role == Role.FOCAL_POINT:
        return {"convention": convention, "state": state}
    return {"convention": convention}


def invitation_language(*, email: str, role: str, convention, state=None) -> str:
    """The language to write to the invitee in: their own choice when they have an
    account, else the State's working language for a focal point
    (ism.reminders.working_language_for), else ISM's default."""
    user = User.objects.filter(email__iexact=email).exclude(language="").first()
    if user is not None:
        return user.language
    if role == Role.FOCAL_POINT and state is not None:
        from ism.reminders import working_language_for

        return working_language_for(state, convention)
    return settings.LANGUAGE_CODE


def invitation_create(
    *,
    actor,
    convention: Convention,
    email: str,
    role: str,
    committee: Committee | None = None,
    state: State | None = None,
    language: str = "",
    base_url: str = "",
) -> tuple[Invitation, str]:
    """Invite `email` to `role` in `convention` and queue the mail with the link
    (under `base_url`, else settings.ISM_PUBLIC_URL). Returns the invitation and
    its secret, which is stored nowhere but in the mail."""
    require_manage_people(actor, convention)
    email = email.strip().lower()
    committee = committee if role == Role.COMMITTEE_MEMBER else None
    state = state if role == Role.FOCAL_POINT else None
    _refuse_unfit(convention, email, role, committee, state)
    language = language or invitation_language(
        email=email, role=role, convention=convention, state=state
    )
    now = timezone.now()
    with transaction.atomic():
        # One inviter at a time per convention: the day's count and the one open
        # invitation per address are then read and written without a race.
        Convention.objects.select_for_update().get(pk=convention.pk)
        _close_expired_or_refuse(convention, email, actor, now)
        _refuse_over_the_days_ceiling(convention, now)
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        invitation = Invitation.objects.create(
            convention=convention,
            email=email,
            role=role,
            committee=committee,
            state=state,
            language=language,
            digest=token_digest(secret),
            created_by=actor,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
        audit_record(
            actor=actor,
            verb="invitation sent",
            obj=invitation,
            changes={
                "email": [None, email],
                "role": [None, role],
                "committee": [None, committee.name if committee else None],
                "state": [None, state.name if state else None],
                "expires_at": [None, invitation.expires_at.isoformat()],
            },
        )
        subject, body = _invitation_mail(invitation, actor, secret, base_url)
        mail_enqueue(
            key=f"invitation:{invitation.pk}",
            to=[email],
            subject=subject,
            body=body,
            convention=convention,
            state=state,
        )
    return invitation, secret


def _refuse_unfit(convention, email: str, role: str, committee, state) -> None:
    """A role that is not the convention's to give, or that the address holds."""
    problem = _scope_problem(convention, role, committee, state)
    if problem:
        raise ValidationError(problem)
    scope = role_scope(role, convention, committee, state)
    if RoleAssignment.objects.filter(
        user__email__iexact=email, role=role, **scope
    ).exists():
        raise ValidationError(
            {"email": _("%(email)s already has this role.") % {"email": email}}
        )


def _refuse_over_the_days_ceiling(convention, now) -> None:
    sent_today = Invitation.objects.filter(
        convention=convention, created_at__gt=now - dt.timedelta(days=1)
    ).count()
    if sent_today >= INVITATIONS_PER_DAY:
        raise ValidationError(
            _(
                "The %(code)s has sent %(count)d invitations in the last 24 "
                "hours, the most ISM sends in a day. Try again tomorrow."
            )
            % {"code": convention.code, "count": sent_today}
        )


def _close_expired_or_refuse(convention, email: str, actor, now) -> None:
    """An open invitation to the same address: still running, nothing is sent
    (the address is not mailed twice); expired, it is closed so a new one may
    go."""
    open_one = (
        Invitation.objects.select_for_update()
        .filter(
            convention=convention,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .first()
    )
    if open_one is None:
        return
    if open_one.expires_at > now:
        raise ValidationError(
            {
                "email": _(
                    "%(email)s was invited on %(sent)s; the link works until "
                    "%(until)s. Revoke that invitation to send another."
                )
                % {
                    "email": email,
                    "sent": long_date(timezone.localtime(open_one.created_at)),
                    "until": long_date(timezone.localtime(open_one.expires_at)),
                }
            }
        )
    open_one.revoked_at, open_one.revoked_by = now, actor
    open_one.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, verb="invitation replaced", obj=open_one)


def accept_path(secret: str) -> str:
    return reverse("invitation-accept", args=[secret])


def _invitation_mail(invitation, actor, secret: str, base_url: str):
    """(subject, body) in the invitation's language."""
    link = (base_url or settings.ISM_PUBLIC_URL).rstrip("/") + accept_path(secret)
    with translation.override(invitation.language):
        values = {
            "inviter": str(actor),
            "code": invitation.convention.code,
            "convention": invitation.convention.name,
            "role": Role(invitation.role).label,
            "scope": invitation.scope_name,
            "until": long_date(timezone.localtime(invitation.expires_at)),
        }
        subject = _("ISM: invitation to the %(code)s as %(role)s") % values
        lines = [
            _(
                "%(inviter)s, of the Implementation Support Unit of the "
                "%(convention)s, invites you to work in ISM as %(role)s "
                "(%(scope)s)."
            )
            % values,
            "",
            _("To accept, open this link by %(until)s:") % values,
            link,
            "",
            _(
                "The link works once. If you already have an ISM account under "
                "this address, sign in when asked; otherwise you will choose your "
                "user name and password."
            ),
            _("If you did not expect this invitation, ignore this mail."),
        ]
    return str(subject), "\n".join(lines)


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, actor) -> Invitation:
    """Staff withdraw an invitation: its link stops working at once."""
    require_manage_people(actor, invitation.convention)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        return invitation
    invitation.revoked_at, invitation.revoked_by = timezone.now(), actor
    invitation.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, verb="invitation revoked", obj=invitation)
    return invitation


# --- Roles --------------------------------------------------------------------------


def role_write(*, user, role: str, actor, scope: dict) -> RoleAssignment:
    assignment = RoleAssignment(user=user, role=role, **scope)
    assignment.full_clean()
    assignment.save()
    audit_record(
        actor=actor,
        verb="role assigned",
        obj=user,
        convention=_convention_of(assignment),
        state=assignment.state,
        changes={"role": [None, str(assignment)]},
    )
    return assignment


def _convention_of(assignment: RoleAssignment):
    return assignment.convention or (
        assignment.committee.convention if assignment.committee else None
    )


def role_revoke_refusal(assignment: RoleAssignment, actor) -> str:
    """Why `actor`, who manages the convention's people, may still not revoke
    `assignment` ("" when they may)."""
    own_staff_role = (
        assignment.user_id == actor.pk and assignment.role == Role.ISU_STAFF
    )
    if own_staff_role and not actor.is_superuser:
        # Nobody locks themselves out of their own ISU by mistake: a colleague
        # or an administrator ends a staff member's role.
        return _("You cannot revoke your own ISU staff role: ask a colleague.")
    return ""


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, actor) -> None:
    """End a role. What it allowed stops at the user's next request, and so do
    the API tokens and calendar links it made (ism.access.roles_of_token)."""
    convention = _convention_of(assignment)
    if convention is None or not can_manage_people(actor, convention):
        raise PermissionDenied(_("Only the convention's ISU staff revoke its roles."))
    refusal = role_revoke_refusal(assignment, actor)
    if refusal:
        raise ValidationError(refusal)
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    audit_record(
        actor=actor,
        verb="role revoked",
        obj=assignment.user,
        convention=convention,
        state=assignment.state,
        changes={"role": [str(assignment), None]},
    )
    assignment.delete()


@transaction.atomic
def role_grant(
    *,
    actor,
    convention: Convention,
    user,
    role: str,
    committee: Committee | None = None,
    state: State | None = None,
) -> RoleAssignment:
    """Staff give one more role of their convention to someone who already has
    one there (a committee member who becomes their State's focal point).
    Anyone else is invited: an address proves who they are, a name in a list of
    every account would not."""
    require_manage_people(actor, convention)
    committee = committee if role == Role.COMMITTEE_MEMBER else None
    state = state if role == Role.FOCAL_POINT else None
    if not people_of(convention=convention).filter(user=user).exists():
        raise ValidationError(
            {"user": _("Invite them: they have no role in this convention yet.")}
        )
    problem = _scope_problem(convention, role, committee, state)
    if problem:
        raise ValidationError(problem)
    scope = role_scope(role, convention, committee, state)
    if RoleAssignment.objects.filter(user=user, role=role, **scope).exists():
        raise ValidationError(
            {"role": _("%(person)s already has this role.") % {"person": user}}
        )
    return role_write(user=user, role=role, actor=actor, scope=scope)
