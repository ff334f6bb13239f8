"""The API tokens pages: list, make (the secret is shown once), revoke; and the
user's own private calendar links (ism.calendar_feeds), listed and revoked
beside them."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from ism import calendar_feeds
from ism.access import (
    can_make_tokens,
    get_visible_or_404,
    own_calendar_feeds,
    visible,
)
from ism.api_tokens import can_revoke_token, token_create, token_revoke
from ism.forms import ApiTokenForm
from ism.models import ApiToken


def api_token_list(request):
    tokens = visible(
        request.user,
        ApiToken.objects.select_related(
            "convention", "state", "created_by", "revoked_by"
        ),
    )
    page = Paginator(tokens, 25).get_page(request.GET.get("page"))
    for token in page:
        token.may_revoke = token.status == "active" and can_revoke_token(
            request.user, token
        )
    return render(
        request,
        "ism/api_tokens.html",
        {
            "page": page,
            "may_make": can_make_tokens(request.user),
            "feeds": own_calendar_feeds(request.user).select_related("convention"),
        },
    )


@require_POST
def calendar_feed_revoke(request, pk: int):
    feed = get_object_or_404(own_calendar_feeds(request.user), pk=pk)
    calendar_feeds.calendar_feed_revoke(feed=feed, actor=request.user)
    messages.success(
        request,
        _("The %(code)s calendar link is revoked: calendars using it get nothing more.")
        % {"code": feed.convention.code},
    )
    return redirect("api-tokens")


@never_cache
def api_token_create(request):
    if not can_make_tokens(request.user):
        raise PermissionDenied(
            _("Only ISU staff and States' focal points may make API tokens.")
        )
    form = ApiTokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        token, secret = token_create(
            actor=request.user,
            name=data["name"],
            convention=data["convention"],
            state=data["state"],
            expires_at=timezone.now() + dt.timedelta(days=data["lifetime_days"]),
        )
        # Rendered, not redirected: the secret exists in this answer only, and
        # never_cache keeps it out of every cache (no-store).
        return render(
            request, "ism/api_token_created.html", {"token": token, "secret": secret}
        )
    return render(request, "ism/api_token_form.html", {"form": form})


def api_token_revoke(request, pk: int):
    token = get_visible_or_404(
        request.user, ApiToken.objects.select_related("convention", "state"), pk=pk
    )
    if not can_revoke_token(request.user, token):
        raise PermissionDenied(_("You may not revoke this token."))
    if request.method == "POST":
        token_revoke(token=token, actor=request.user)
        messages.success(
            request,
            _("“%(name)s” is revoked: requests made with it are refused from now on.")
            % {"name": token.name},
        )
        return redirect("api-tokens")
    return render(request, "ism/api_token_revoke.html", {"token": token})
