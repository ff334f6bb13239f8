"""A convention's people page (who has which role, pending invitations), the
invitation form, revoking a role or an invitation, and the invitee's page behind
the mailed link. The rules are ism.people's; access is ism.access's
(`can_manage_people`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ism import invitations, people, selectors
from ism.access import convention_or_404, get_visible_or_404, require_manage_people
from ism.dates import long_date
from ism.forms import (
    InvitationForm,
    InvitedAccountForm,
    RoleGrantForm,
    act_posted,
    save_posted,
    service_errors_on,
)
from ism.models import Convention, Invitation
from ism.pages import render_form


def _convention(request, code: str) -> Convention:
    """The convention whose people the page is about: 404 for none, 403 for
    anyone but its staff."""
    convention = convention_or_404(request.user, code)
    require_manage_people(request.user, convention)
    return convention


def people_list(request, code: str):
    convention = _convention(request, code)
    assignments = list(selectors.people_of(convention=convention))
    for assignment in assignments:
        assignment.refusal = people.role_revoke_refusal(assignment, request.user)
    invitations = selectors.invitations_of(user=request.user, convention=convention)
    return render(
        request,
        "ism/people.html",
        {
            "convention": convention,
            "assignments": assignments,
            "invitations": invitations[:50],
            "history": selectors.people_history(
                user=request.user, convention=convention
            )[:50],
        },
    )


def _people_form(request, convention, form, save, done, **texts):
    """The invite and grant pages: `form` posted, `save(data)` (a call of
    ism.people) judges and saves it, `done(saved)` says so on the people page;
    otherwise the form again, with the page's title, lead and button."""
    saved = save_posted(request, form, save)
    if saved is not None:
        messages.success(request, done(saved))
        return redirect("people", code=convention.code)
    return render_form(
        request,
        "ism/people_form.html",
        {"form": form, "convention": convention, **texts},
    )


def _invitation_sent(sent) -> str:
    invitation, _secret = sent
    return _("Invitation sent to %(email)s; the link works until %(date)s.") % {
        "email": invitation.email,
        "date": long_date(timezone.localtime(invitation.expires_at)),
    }


def people_invite(request, code: str):
    convention = _convention(request, code)
    base_url = settings.ISM_PUBLIC_URL or request.build_absolute_uri("/")
    return _people_form(
        request,
        convention,
        InvitationForm(request.POST or None, convention=convention),
        lambda data: people.invitation_create(
            actor=request.user, convention=convention, base_url=base_url, **data
        ),
        _invitation_sent,
        title=_("Invite someone"),
        lead=_(
            "ISM mails them a link that works once, for a week. A committee "
            "member needs their committee, a focal point their State."
        ),
        button=_("Send the invitation"),
    )


def people_grant(request, code: str):
    """One more role for someone already on the page; anyone else is invited."""
    convention = _convention(request, code)
    return _people_form(
        request,
        convention,
        RoleGrantForm(request.POST or None, convention=convention),
        lambda data: people.role_grant(
            actor=request.user, convention=convention, **data
        ),
        lambda granted: (
            _("%(person)s now has the role %(role)s.")
            % {"person": granted.user, "role": granted.get_role_display()}
        ),
        title=_("Grant a role"),
        lead=_(
            "To someone who already works on the convention in ISM. Anyone "
            "else is invited by e-mail."
        ),
        button=_("Grant the role"),
    )


@require_POST
def invitation_revoke(request, code: str, pk: int):
    convention = _convention(request, code)
    invitation = get_visible_or_404(
        request.user, Invitation.objects.filter(convention=convention), pk=pk
    )
    act_posted(
        request,
        lambda: people.invitation_revoke(invitation=invitation, actor=request.user),
        success=_("The invitation to %(email)s is withdrawn: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("people", code=convention.code)


def role_revoke(request, code: str, pk: int):
    """Asks first (what the person loses), then revokes on POST."""
    convention = _convention(request, code)
    assignment = get_object_or_404(selectors.people_of(convention=convention), pk=pk)
    refusal = people.role_revoke_refusal(assignment, request.user)
    if request.method == "POST":
        act_posted(
            request,
            lambda: people.role_revoke(assignment=assignment, actor=request.user),
            success=_("%(person)s no longer has the role %(role)s.")
            % {"person": assignment.user, "role": assignment.get_role_display()},
        )
        return redirect("people", code=convention.code)
    return render(
        request,
        "ism/role_revoke.html",
        {"convention": convention, "assignment": assignment, "refusal": refusal},
    )


# --- The invitee's side -------------------------------------------------------------


def _invalid(request, message: str, status: int):
    return render(
        request, "ism/invitation_invalid.html", {"message": message}, status=status
    )


@login_not_required
@never_cache
def invitation_accept(request, token: str):
    """Behind the mailed link. An unknown link is a 404 and a used, expired or
    withdrawn one a 410, each a page that says so; otherwise the invitee signs
    in (an address with an account) or makes their account, and accepts."""
    invitation = invitations.invitation_find(token)
    if invitation is None:
        return _invalid(
            request,
            _("This link is not a valid invitation. Check that it was copied whole."),
            404,
        )
    if invitation.status != Invitation.Status.PENDING:
        return _invalid(request, invitations.refusal(invitation), 410)
    context = {"invitation": invitation}
    if invitations.is_invitee(request.user, invitation):
        if request.method == "POST":
            done = act_posted(
                request,
                lambda: invitations.invitation_accept(
                    invitation=invitation, user=request.user
                ),
            )
            if done is not None:
                return _welcome(request, invitation)
            return redirect(request.path)
        return render(request, "ism/invitation_accept.html", context)
    if request.user.is_authenticated:
        return render(
            request, "ism/invitation_accept.html", {**context, "other_account": True}
        )
    if invitations.invitee_has_account(invitation):
        return render(
            request, "ism/invitation_accept.html", {**context, "sign_in": True}
        )
    form = InvitedAccountForm(
        request.POST or None, initial={"username": invitation.email}
    )
    if request.method == "POST" and form.is_valid():
        with service_errors_on(form):
            user = invitations.invitation_accept_new_account(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    return render_form(request, "ism/invitation_accept.html", {**context, "form": form})


def _welcome(request, invitation: Invitation):
    messages.success(
        request,
        _("Welcome to ISM: you are now %(role)s (%(scope)s).")
        % {"role": invitation.get_role_display(), "scope": invitation.scope_name},
    )
    return redirect("convention-detail", code=invitation.convention.code)
