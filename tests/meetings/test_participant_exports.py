"""The published list of participants (Excel and PDF) names only people who agreed
to publication — whoever downloads it — and never their gender or e-mail."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from meetings.exports import participants_pdf, participants_xlsx
from meetings.tasks import participants_pdf_build
from tests.meetings.conftest import make_person
from tests.spreadsheets import formula_cells, text_cells, type_formula_everywhere


@pytest.fixture
def people(msp, state_a, state_b):
    make_person(
        msp,
        state_a,
        given_name="Agreed",
        family_name="Alvarez",
        function="Ambassador",
        is_head=True,
        email="a@example.org",
    )
    make_person(
        msp,
        state_a,
        given_name="Private",
        family_name="Petrov",
        consent_to_publication=False,
    )
    make_person(msp, state_b, given_name="Named", family_name="Nakamura")
    make_person(
        msp,
        organisation="ICRC",
        given_name="Hidden",
        family_name="Hansen",
        consent_to_publication=False,
    )


def sheet_text(content: bytes) -> str:
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(
        " | ".join(str(v) for v in row if v is not None)
        for row in sheet.iter_rows(values_only=True)
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(
        page.extract_text() for page in PdfReader(io.BytesIO(content)).pages
    )


def test_the_excel_list_omits_people_without_consent(msp, people):
    text = sheet_text(participants_xlsx(msp))
    assert "Agreed Alvarez" in text
    assert "Named Nakamura" in text
    assert "Petrov" not in text
    assert "Hansen" not in text
    assert "a@example.org" not in text
    assert "female" not in text.lower()


def test_the_excel_list_says_what_it_is_and_which_isu_made_it(msp, people):
    properties = load_workbook(io.BytesIO(participants_xlsx(msp))).properties
    assert properties.title == f"{msp.title} — list of participants"
    assert properties.creator == "APMBC Implementation Support Unit"


def test_the_excel_download_is_the_same_for_staff_and_public(
    client_for, msp, people, isu_staff
):
    staff = client_for(isu_staff).get(f"/meetings/{msp.pk}/participants.xlsx")
    public = client_for(None).get(f"/meetings/{msp.pk}/participants.xlsx")
    assert staff.status_code == public.status_code == 200
    assert sheet_text(staff.content) == sheet_text(public.content)
    assert "Petrov" not in sheet_text(staff.content)
    assert staff["Content-Disposition"] == (
        'attachment; filename="participants-APMBC-Twenty-Second-Meeting-of-the-'
        'States-Parties-2025.xlsx"'
    )


def test_the_pdf_list_omits_people_without_consent(msp, people):
    text = pdf_text(participants_pdf(msp))
    assert "Agreed Alvarez" in text
    assert "Named Nakamura" in text
    assert "Atlantis" in text and "Borduria" in text
    assert "Petrov" not in text
    assert "Hansen" not in text
    # The ICRC sent no one who agreed to be named: it is not listed at all.
    assert "ICRC" not in text


def test_the_pdf_is_built_by_a_task_and_served_once_stored(
    client_for, msp, people, isu_staff, settings
):
    # Without a broker the task runs in-process (CELERY_TASK_ALWAYS_EAGER); the
    # task itself is what a worker would run.
    path = participants_pdf_build(msp.pk)
    client = client_for(isu_staff)
    response = client.get(f"/meetings/{msp.pk}/participants.pdf")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert "Petrov" not in pdf_text(body)
    assert path.endswith(".pdf")
    # Running the task again rewrites the same file.
    assert participants_pdf_build(msp.pk) == path


def test_text_typed_by_a_focal_point_reaches_the_public_list_as_text(
    msp, state_a, client_for
):
    delegate = make_person(msp, state_a)
    observer = make_person(msp, organisation="ICRC")
    type_formula_everywhere(delegate, observer, observer.delegation, msp)
    body = client_for(None).get(f"/meetings/{msp.pk}/participants.xlsx")
    content = b"".join(body.streaming_content) if body.streaming else body.content
    assert formula_cells(content) == []
    assert any(text.startswith("=HYPERLINK") for text in text_cells(content))
