"""/api/v1/meetings/: filters by convention, kind and year; agenda in order; public
documents only; scoped by the access policy."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from meetings.models import DocumentFile, Meeting, MeetingDocument
from tests.meetings.conftest import (
    PDF_BYTES,
    make_committee_meeting,
    make_item,
    make_meeting,
)


@pytest.fixture
def data(apmbc, ccm, msp, thematic_committee):
    for number in ("10", "9(h)(i)", "9"):
        make_item(msp, number)
    for symbol, public in (("APLC/MSP.22/2025/1", True), ("APLC/MSP.22/2025/R", False)):
        document = MeetingDocument.objects.create(
            meeting=msp,
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
    committee = make_committee_meeting(thematic_committee, dt.date(2025, 1, 27))
    ccm_msp = make_meeting(
        ccm,
        number=11,
        title="Eleventh Meeting of States Parties",
        start=dt.date(2023, 9, 11),
        end=dt.date(2023, 9, 14),
    )
    return msp, committee, ccm_msp


def titles(response) -> set[str]:
    return {row["title"] for row in response.json()["results"]}


def test_it_lists_open_meetings_to_anyone_with_agenda_and_public_documents(
    client, data
):
    msp, _, ccm_msp = data
    response = client.get("/api/v1/meetings/")
    assert response.status_code == 200
    assert titles(response) == {msp.title, ccm_msp.title}
    row = next(r for r in response.json()["results"] if r["id"] == msp.pk)
    assert [item["number"] for item in row["agenda"]] == ["9", "9(h)(i)", "10"]
    assert [d["symbol"] for d in row["documents"]] == ["APLC/MSP.22/2025/1"]
    assert row["documents"][0]["files"][0]["language"] == "en"
    assert row["documents"][0]["files"][0]["url"].endswith(
        f"/meetings/files/{DocumentFile.objects.get(document__is_public=True).pk}/"
    )
    assert row["circulation_deadline"] == "2025-10-02"
    assert row["kind"] == "msp"
    assert row["number"] == 22


def test_staff_see_committee_meetings_but_still_only_public_documents(
    client_for, isu_staff, data
):
    msp, committee, _ = data
    response = client_for(isu_staff).get("/api/v1/meetings/?convention=apmbc")
    assert titles(response) == {msp.title, committee.title}
    row = next(r for r in response.json()["results"] if r["id"] == msp.pk)
    assert [d["symbol"] for d in row["documents"]] == ["APLC/MSP.22/2025/1"]
    committee_row = next(
        r for r in response.json()["results"] if r["id"] == committee.pk
    )
    assert committee_row["committee"]["name"] == committee.committee.name
    assert committee_row["circulation_deadline"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "kind=msp",
            {
                "Twenty-Second Meeting of the States Parties",
                "Eleventh Meeting of States Parties",
            },
        ),
        ("year=2023", {"Eleventh Meeting of States Parties"}),
        ("convention=CCM&kind=msp", {"Eleventh Meeting of States Parties"}),
        ("year=2025&kind=intersessional", set()),
    ],
)
def test_it_filters(client, data, query, expected):
    assert titles(client.get(f"/api/v1/meetings/?{query}")) == expected


def test_a_bad_filter_is_a_400_naming_the_field(client, data):
    response = client.get("/api/v1/meetings/?kind=party")
    assert response.status_code == 400
    assert "kind" in response.json()["error"]["fields"]


def test_a_hidden_meeting_is_a_404(client, data):
    _, committee, _ = data
    assert client.get(f"/api/v1/meetings/{committee.pk}/").status_code == 404
    assert Meeting.objects.filter(pk=committee.pk).exists()
