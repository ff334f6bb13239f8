"""What pages share: the status of a page with a form, a generated file offered for
download."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse


def render_form(request, template: str, context: dict):
    """A page with a form. A saved form redirects, so the page shown after a POST is
    always a refusal, with the reasons next to the fields: 400; otherwise 200."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


def create_page(request, template: str, form, button: str, index: str, **options):
    """The page that starts an app's main object (templates/ism/create_page.html):
    the form, its `button`, and Cancel back to the list, the URL named `index`;
    `options` go to ism/_post_form.html (fields, warn)."""
    context = {"form": form, "button": button, "cancel_url": reverse(index)}
    return render_form(request, template, {**context, **options})


def download(data: bytes, filename: str, content_type: str) -> FileResponse:
    """Bytes made for this request (a workbook, an XML file) as an attachment
    named `filename`."""
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
