"""Submitting freezes a version: what the forms said then stays, whatever the
draft says later. A correction is the next version; a published version is
public and never changes."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ism.concurrency import LATEST
from reporting import services
from reporting.models import Report, ReportForm, ReportVersion
from tests.reporting.helpers import (
    AFTER_DUE,
    BEFORE_DUE,
    form_of,
    mark_all,
    open_report,
)


def _entry(version: ReportVersion, code: str) -> dict:
    return next(f for f in version.snapshot["forms"] if f["code"] == code)


def _figures(entry: dict) -> dict:
    return {f["key"]: f["value"] for f in entry["figures"]}


@pytest.fixture
def report(apmbc, state_a, focal_a):
    """State A's report covering 2024 with Form G changed and two figures."""
    report = open_report(state_a, apmbc, actor=focal_a)
    mark_all(report, actor=focal_a, except_codes=("G",))
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "G"),
        status=ReportForm.Status.CHANGED,
        text="Clearance of the northern province.",
        figures={
            "mines_destroyed_clearance": Decimal("120"),
            "area_cleared_m2": Decimal("12500.50"),
        },
        actor=focal_a,
    )
    return report


def test_submitting_freezes_the_forms_text_and_figures(report, focal_a):
    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    entry = _entry(version, "G")
    assert version.number == 1
    assert entry["status"] == "changed"
    assert entry["text"] == "Clearance of the northern province."
    assert _figures(entry)["mines_destroyed_clearance"] == "120"
    assert _figures(entry)["area_cleared_m2"] == "12500.5"
    assert version.changed_form_codes == ["G"]
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert report.first_submitted_on == BEFORE_DUE


def test_a_correction_is_a_new_version_and_the_first_stays_as_submitted(
    report, focal_a
):
    first = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_correct(report=report, actor=focal_a)
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "G"),
        status=ReportForm.Status.CHANGED,
        text="Clearance of the northern and eastern provinces.",
        figures={"mines_destroyed_clearance": Decimal("130")},
        actor=focal_a,
    )
    second = services.report_submit(
        report=report, actor=focal_a, note="Eastern province added", today=AFTER_DUE
    )
    first.refresh_from_db()
    assert _entry(first, "G")["text"] == "Clearance of the northern province."
    assert _figures(_entry(first, "G"))["mines_destroyed_clearance"] == "120"
    assert second.number == 2
    assert second.note == "Eastern province added"
    assert _figures(_entry(second, "G"))["mines_destroyed_clearance"] == "130"
    report.refresh_from_db()
    assert report.first_submitted_on == BEFORE_DUE  # timeliness keeps the first


def test_a_submitted_report_cannot_change_until_reopened(report, focal_a):
    services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    with pytest.raises(ValidationError):
        services.report_form_save(
            version=LATEST,
            form=form_of(report, "A"),
            status=ReportForm.Status.CHANGED,
            text="late edit",
            actor=focal_a,
        )
    with pytest.raises(ValidationError):
        services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    assert ReportVersion.objects.filter(report=report).count() == 1


def test_a_published_version_stays_as_published_through_a_correction(
    report, focal_a, isu_staff, client_for
):
    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_version_publish(version=version, actor=isu_staff)
    frozen = ReportVersion.objects.get(pk=version.pk).snapshot
    services.report_correct(report=report, actor=focal_a)
    services.report_form_save(
        version=LATEST,
        form=form_of(report, "G"),
        status=ReportForm.Status.CHANGED,
        text="A draft correction nobody has submitted.",
        actor=focal_a,
    )
    correction = services.report_submit(report=report, actor=focal_a, today=AFTER_DUE)
    version.refresh_from_db()
    assert version.snapshot == frozen
    report.refresh_from_db()
    assert report.published_version == version  # until the correction is published
    anonymous = client_for(None)
    page = anonymous.get(version.get_absolute_url())
    assert page.status_code == 200
    assert b"Clearance of the northern province." in page.content
    assert anonymous.get(correction.get_absolute_url()).status_code == 404


def test_only_the_latest_version_can_be_published_and_only_once(
    report, focal_a, isu_staff
):
    first = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    services.report_correct(report=report, actor=focal_a)
    second = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    with pytest.raises(ValidationError):
        services.report_version_publish(version=first, actor=isu_staff)
    services.report_version_publish(version=second, actor=isu_staff)
    with pytest.raises(ValidationError):
        services.report_version_publish(version=second, actor=isu_staff)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED
    assert report.published_version == second


def test_a_focal_point_cannot_publish(report, focal_a):
    from django.core.exceptions import PermissionDenied

    version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    with pytest.raises(PermissionDenied):
        services.report_version_publish(version=version, actor=focal_a)


def test_the_versions_pdf_is_rendered_after_commit_with_what_was_submitted(
    report, focal_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.report_submit(report=report, actor=focal_a, today=BEFORE_DUE)
    version.refresh_from_db()
    assert version.pdf.name.endswith("APMBC-Article7-AAA-2024-v1.pdf")
    with version.pdf.open("rb") as handle:
        text = " ".join(
            page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages
        )
    assert "Report of Atlantis covering calendar year 2024" in text
    assert "Clearance of the northern province." in text
    assert "12,500.50" in text
    assert "Submitted on 14 March 2025" in text


def test_rendering_twice_keeps_the_first_pdf(report, focal_a):
    from reporting.documents import version_pdf_render

    version = services.report_submit(
        report=report, actor=focal_a, today=BEFORE_DUE, render=False
    )
    assert version_pdf_render(version_id=version.pk) is True
    name = ReportVersion.objects.get(pk=version.pk).pdf.name
    assert version_pdf_render(version_id=version.pk) is False
    assert ReportVersion.objects.get(pk=version.pk).pdf.name == name
