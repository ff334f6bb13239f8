"""The published list of participants, as Excel and as PDF.

Only people who agreed to publication appear, whoever downloads the list; gender
and e-mail addresses never do."""

from __future__ import annotations

import hashlib
import re

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from ism.spreadsheets import table_sheet, workbook_bytes
from ism.stored_documents import StoredDocument
from meetings.models import Meeting, Participant
from meetings.selectors import published_participants


def _rows(people: list[Participant]) -> list[tuple[str, str, str]]:
    return [(p.delegation.name, p.full_name, p.function) for p in people]


def participants_filename(meeting: Meeting, extension: str) -> str:
    base = re.sub(r"[^A-Za-z0-9]+", "-", meeting.title).strip("-")
    return (
        f"participants-{meeting.convention.code}-{base}-{meeting.start:%Y}.{extension}"
    )


def participants_xlsx(meeting: Meeting) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    people = published_participants(meeting)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Participants")
    sheet.append([meeting.title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{meeting.dates_label}, {meeting.place_label}"])
    sheet.append([])
    header = [_("Delegation"), _("Name"), _("Function")]
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in _rows(people):
        sheet.append(list(row))
    table_sheet(sheet, widths=(34, 34, 50), header_row=4, landscape=False)
    return workbook_bytes(
        workbook,
        title=f"{meeting.title} — {_('list of participants')}",
        convention=meeting.convention,
    )


def participants_context(meeting: Meeting) -> dict:
    people = published_participants(meeting)
    groups: list[tuple[str, list[Participant]]] = []
    for person in people:
        name = person.delegation.name
        if not groups or groups[-1][0] != name:
            groups.append((name, []))
        groups[-1][1].append(person)
    return {
        "meeting": meeting,
        "groups": groups,
        "count": len(people),
        "generated": timezone.localdate(),
    }


def participants_pdf(meeting: Meeting, *, language: str = "en") -> bytes:
    from ism.documents import render_pdf

    return render_pdf(
        "pdf/participants_list.html", participants_context(meeting), language=language
    )


def participants_pdf_path(meeting: Meeting, language: str = "en") -> str:
    """Where the PDF of the list as it stands now is (or will be) stored: named by
    a fingerprint of its content, so a changed list is a new file."""
    people = published_participants(meeting)
    basis = repr(
        (
            meeting.title,
            meeting.start,
            meeting.end,
            meeting.venue,
            meeting.online,
            language,
            [
                (p.pk, p.delegation.name, p.full_name, p.function, p.is_head)
                for p in people
            ],
        )
    )
    digest = hashlib.sha256(basis.encode()).hexdigest()[:20]
    return f"meetings/{meeting.pk}/participants-{language}-{digest}.pdf"


def participants_pdf_stored(meeting: Meeting, language: str = "en") -> StoredDocument:
    """The published list as its page serves it: current when the file of the
    list as it stands now (participants_pdf_path) is there."""
    from meetings.tasks import participants_pdf_build

    path = participants_pdf_path(meeting, language)
    return StoredDocument(
        storage=default_storage,
        name=path,
        current=True,
        filename=participants_filename(meeting, "pdf"),
        # The path names the meeting and the list's fingerprint.
        render_key=f"meetings:participants-pdf-requested:{path}",
        render=lambda: participants_pdf_build.delay(meeting.pk, language),
        reload=lambda: participants_pdf_stored(meeting, language),
    )
