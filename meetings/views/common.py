"""Helpers the meetings pages share."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from ism.access import roles_of
from ism.models import Convention


def can_read_all(user, convention: Convention | int) -> bool:
    """ISU staff and auditors of the convention (and administrators) read its whole
    working record: every participant, every application, the statistics."""
    roles = roles_of(user)
    convention_id = convention if isinstance(convention, int) else convention.pk
    return roles.sees_everything or convention_id in roles.readable_conventions


def focal_states(user, convention: Convention | int) -> list[int]:
    """Ids of the States the user is focal point for in the convention."""
    convention_id = convention if isinstance(convention, int) else convention.pk
    return sorted(s for s, c in roles_of(user).focal_points if c == convention_id)


def paginate(request, rows, per_page: int = 25):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def form_page(
    request, *, form, title: str, cancel_url: str, status: int = 200, **extra
):
    """The shared form page: the form, Save and Cancel; 400 when it was rejected."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "meetings/form_page.html", context, status=status)
