"""What the pages with a form share."""

from __future__ import annotations

from django.shortcuts import render


def render_form(request, template: str, context: dict):
    """A page with a form. A saved form redirects, so the page shown after a POST is
    always a refusal, with the reasons next to the fields: 400; otherwise 200."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)
