"""Helpers the meetings pages share."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render


def paginate(request, rows, per_page: int = 25):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def form_page(request, *, form, title: str, cancel_url: str, **extra):
    """The shared form page: the form, Save and Cancel. Shown after a POST, the
    form was refused (a saved one redirects): 400."""
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/form_page.html", context, status=status)
