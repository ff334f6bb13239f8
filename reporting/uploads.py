"""Uploads attached to a report's forms, judged by their content and size.

The check itself is the meetings capability's (meetings.uploads.inspect_upload:
PDF by its header and end marker, DOCX/XLSX by their ZIP structure and declared
content types, executables and macro-enabled files refused, names that lie about
the content refused). It belongs in ism/ now that two capabilities use it.
"""

from __future__ import annotations

from django.conf import settings

from meetings.uploads import Inspected, inspect_upload

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_upload_bytes() -> int:
    """settings.REPORTING_UPLOAD_MAX_BYTES, 20 MB by default."""
    return int(getattr(settings, "REPORTING_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def check_upload(upload) -> Inspected:
    """What the file is (pdf, docx, xlsx), or ValidationError with a message."""
    return inspect_upload(upload, max_bytes=max_upload_bytes())
