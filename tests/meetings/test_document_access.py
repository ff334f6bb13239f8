"""A restricted document is for the convention's ISU staff and, for a committee
meeting, that committee's members; a public one for whoever may see the meeting.
Files are served only through the authorised view."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from meetings.models import DocumentFile, MeetingDocument
from tests.meetings.conftest import PDF_BYTES, make_committee_meeting


def attach(meeting, *, public: bool, symbol: str) -> DocumentFile:
    document = MeetingDocument.objects.create(
        meeting=meeting,
        symbol=symbol,
        title=symbol,
        date=dt.date(2025, 10, 8),
        is_public=public,
    )
    stored = DocumentFile(
        document=document,
        language="en",
        kind="pdf",
        original_name="x.pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    stored.file.save("x", ContentFile(PDF_BYTES), save=False)
    stored.save()
    return stored


@pytest.fixture
def committee_files(thematic_committee):
    meeting = make_committee_meeting(thematic_committee, dt.date(2025, 3, 3))
    return (
        attach(meeting, public=False, symbol="APLC/CM/2025/R"),
        attach(meeting, public=True, symbol="APLC/CM/2025/P"),
    )


@pytest.fixture
def msp_files(msp):
    return (
        attach(msp, public=False, symbol="APLC/MSP.22/2025/R"),
        attach(msp, public=True, symbol="APLC/MSP.22/2025/P"),
    )


def status(client, stored):
    response = client.get(f"/meetings/files/{stored.pk}/")
    if response.streaming:
        # Reading the file to the end closes it (and the test client then ends the
        # request without closing the test's database connection).
        b"".join(response.streaming_content)
    return response.status_code


def test_anyone_downloads_a_public_document_of_an_open_meeting(client, msp_files):
    _, public = msp_files
    response = client.get(f"/meetings/files/{public.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="APLC_MSP.22_2025_P-en.pdf"' in response["Content-Disposition"]
    # Downloaded, never shown as a page of ISM's origin, even by a lax browser.
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_restricted_document_is_for_the_conventions_staff_only(
    client_for, msp_files, isu_staff, other_staff, focal_a, committee_member, auditor
):
    restricted, _ = msp_files
    assert status(client_for(isu_staff), restricted) == 200
    assert status(client_for(auditor), restricted) == 200
    for user in (None, other_staff, focal_a, committee_member):
        assert status(client_for(user), restricted) == 404


def test_committee_members_read_their_committees_restricted_documents(
    client_for, committee_files, thematic_member, committee_member, focal_b, isu_staff
):
    restricted, public = committee_files
    assert status(client_for(thematic_member), restricted) == 200
    assert status(client_for(isu_staff), restricted) == 200
    # Another committee's members, a State, the public: the meeting is not theirs.
    for user in (committee_member, focal_b, None):
        assert status(client_for(user), restricted) == 404
        assert status(client_for(user), public) == 404


def test_the_meeting_page_lists_only_the_documents_the_reader_may_open(
    client_for, msp, msp_files, isu_staff
):
    anonymous = client_for(None).get(msp.get_absolute_url())
    assert [d.symbol for d in anonymous.context["documents"]] == ["APLC/MSP.22/2025/P"]
    staff = client_for(isu_staff).get(msp.get_absolute_url())
    assert {d.symbol for d in staff.context["documents"]} == {
        "APLC/MSP.22/2025/P",
        "APLC/MSP.22/2025/R",
    }


def test_files_are_not_under_a_public_url(msp_files):
    # No media route serves them: only the authorised view does.
    from django.urls import Resolver404, resolve

    restricted, _ = msp_files
    with pytest.raises(Resolver404):
        resolve("/" + restricted.file.name)
