"""The demo: the 40 reports covering 2024 the APMBC Cooperation Committee cites,
published and flagged illustrative, and a draft for Norway's focal point to
continue; loading twice changes nothing."""

import json
from pathlib import Path

import pytest

from ism.demo import load_core, state_by_name
from ism.models import User
from reporting import demo
from reporting.models import Report, ReportForm

REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


@pytest.fixture
def loaded(db):
    load_core()
    return demo.load()


def test_the_demo_publishes_the_reports_the_committee_cites_once(loaded):
    names = json.loads(
        (REFERENCE / "apmbc-2025-cooperation-committee.json").read_text("utf-8")
    )["article7_reporting"]["preliminary_observations_based_on_reports_of"]
    assert len(names) == 40
    assert loaded == {"reports_created": 40, "drafts_created": 1}
    published = Report.objects.filter(year=2024, published_version__isnull=False)
    assert sorted(published.values_list("state__iso3", flat=True)) == sorted(
        state_by_name(name).iso3 for name in names
    )
    assert all(report.illustrative for report in published)
    assert all(r.first_submitted_on <= r.due_date for r in published)
    assert demo.load() == {"reports_created": 0, "drafts_created": 0}
    assert Report.objects.count() == 41


def test_norways_focal_point_finds_a_draft_to_continue(loaded, client_for):
    draft = Report.objects.get(state__iso3="NOR", year=2025)
    assert draft.status == Report.Status.DRAFT
    marks = {f.code: f.status for f in draft.forms.all()}
    assert marks["A"] == ReportForm.Status.CHANGED
    assert marks["G"] == ReportForm.Status.TODO
    assert all(marks[code] for code in marks if code not in "G")  # carried over
    page = client_for(User.objects.get(username="focal.norway")).get(
        draft.get_absolute_url()
    )
    assert page.status_code == 200
    assert "Not yet marked: G." in page.content.decode()
