"""Uploads attached to a report's forms, judged by their content and size.

The check itself is ism.uploads.inspect_upload, the one for every upload: PDF
by its header and end marker and refused with JavaScript or launch actions,
DOCX/XLSX by their ZIP structure, content types and real unpacked size,
executables and macro-enabled files refused, names that lie about the content
refused. Here only reporting's size limit.
"""

from __future__ import annotations

from django.conf import settings

from ism.uploads import Inspected, inspect_upload

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    """settings.REPORTING_UPLOAD_MAX_BYTES, 20 MB by default."""
    return int(getattr(settings, "REPORTING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload) -> Inspected:
    """What the file is (pdf, docx, xlsx), or ValidationError with a message."""
    return inspect_upload(upload, max_bytes=max_upload_bytes())
