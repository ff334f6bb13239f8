"""What pages share: the status of a page with a form, a generated file offered for
download."""

from __future__ import annotations

import io

from django.http import FileResponse
from django.shortcuts import render


def render_form(request, template: str, context: dict):
    """A page with a form. A saved form redirects, so the page shown after a POST is
    always a refusal, with the reasons next to the fields: 400; otherwise 200."""
    status = 400 if request.method == "POST" else 200
    return render(request, template, context, status=status)


def download(data: bytes, filename: str, content_type: str) -> FileResponse:
    """Bytes made for this request (a workbook, an XML file) as an attachment
    named `filename`."""
    return FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=filename,
        content_type=content_type,
    )
