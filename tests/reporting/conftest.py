"""The reporting world: private media per test, and a CCW whose national annual
reports are due by 31 March (no initial report)."""

from __future__ import annotations

import pytest

from tests.factories import ConventionFactory


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Attachments and PDFs go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ccw(db):
    return ConventionFactory(
        code="CCW",
        currency="USD",
        initial_report_days=None,
        annual_report_month=3,
        annual_report_day=31,
    )
