"""Helpers the meetings pages share."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.shortcuts import redirect

from ism import selectors as core
from ism.access import get_visible_or_404
from ism.forms import save_posted
from ism.pages import render_form
from meetings import selectors

# A page shows the newest events of its object's history, the rest in the admin.
HISTORY_ROWS = 30


def paginate(request, rows, per_page: int = 25):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def meeting_or_404(request, pk: int):
    """The meeting with what its page shows, if the user may see it; one they
    may not see does not exist."""
    return get_visible_or_404(
        request.user, selectors.meeting_detail_queryset(user=request.user), pk=pk
    )


def history(request, obj):
    """The newest events of `obj`'s history that the user may read."""
    return core.history_visible(user=request.user, obj=obj)[:HISTORY_ROWS]


def form_page(
    request,
    *,
    form,
    title: str,
    cancel_url: str,
    save: Callable[[dict], object] | None = None,
    success: str = "",
    **extra,
):
    """The shared form page: the form, Save and Cancel. With `save` (a call of
    the service on the form's cleaned data), a posted form goes to it: saved, the
    user goes to the saved row's page with `success`; refused, the form shows
    again with the reasons — after a POST the page is always a refusal: 400."""
    if save is not None:
        saved = save_posted(request, form, save, success=success)
        if saved:
            return redirect(saved)
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render_form(request, "meetings/form_page.html", context)
