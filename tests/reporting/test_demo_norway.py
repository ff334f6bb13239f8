"""The demo leaves Norway's focal point a draft to continue: Form A changed, Form G
still to mark, the others carried over from the year before. On a copy of the
run's demo (`demo`), in a module of its own: the demo stays for the rest of a
module, and tests/reporting/test_demo.py loads the reports on an empty database."""

from ism.models import User
from reporting.models import Report, ReportForm


def test_norways_focal_point_finds_a_draft_to_continue(demo, client_for):
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
