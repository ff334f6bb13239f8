"""The invitee's side of an invitation (ism.people sends it): the link found by
its digest, and accepted once, by the account of the invited address — the one
it has, signed in, or the one made here with the user name and password the
invitee chooses."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.audit import audit_record
from ism.models import Invitation, RoleAssignment, User
from ism.models.tokens import token_digest
from ism.people import SECRET_PREFIX, role_scope, role_write


def invitation_find(secret: str) -> Invitation | None:
    """The invitation a link names, whatever its status, or None for a link that
    names none (mistyped, cut short, forged)."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    return (
        Invitation.objects.select_related("convention", "committee", "state")
        .filter(digest=token_digest(secret))
        .first()
    )


def invitee_has_account(invitation: Invitation) -> bool:
    return User.objects.filter(email__iexact=invitation.email, is_active=True).exists()


def is_invitee(user, invitation: Invitation) -> bool:
    """The signed-in user is the one invited: the account of the address."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.email.strip().lower() == invitation.email
    )


def refusal(invitation: Invitation) -> str:
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        return _("This invitation has already been used.")
    if status == Invitation.Status.REVOKED:
        return _("This invitation has been withdrawn.")
    return _("This invitation has expired.")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> RoleAssignment:
    """The invitee, signed in, accepts: the link is used up (a conditional UPDATE:
    of two tabs racing, one wins) and the role is granted."""
    if not is_invitee(user, invitation):
        raise PermissionDenied(_("This invitation is for another e-mail address."))
    used = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not used:
        invitation.refresh_from_db()
        raise ValidationError(refusal(invitation))
    invitation.refresh_from_db()
    audit_record(actor=user, verb="invitation accepted", obj=invitation)
    scope = role_scope(
        invitation.role, invitation.convention, invitation.committee, invitation.state
    )
    held = RoleAssignment.objects.filter(user=user, role=invitation.role, **scope)
    return held.first() or role_write(
        user=user, role=invitation.role, actor=user, scope=scope
    )


@transaction.atomic
def invitation_accept_new_account(
    *,
    invitation: Invitation,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
) -> User:
    """The invitee has no account: it is made with the invitation's address and
    language, then the invitation accepted, in one transaction (a link that is
    no longer good makes no account)."""
    if invitee_has_account(invitation):
        raise ValidationError(
            _("An account with this address exists: sign in to accept.")
        )
    user = User(
        username=username,
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        language=invitation.language,
    )
    user.set_password(password)
    user.save()
    invitation_accept(invitation=invitation, user=user)
    return user
