"""Several forms of a report saved at once (report_forms_save, what the demo's 40
reports and the tests' helpers use): the same forms and the same audit trail as
saving them one by one with report_form_save, in queries that do not grow with
the forms, and nothing written when one of them is refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ism.audit import history_of
from ism.concurrency import LATEST
from reporting import services
from reporting.models import Report, ReportForm
from reporting.services.forms import form_version
from tests.reporting.helpers import open_report, party

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 1)
S = ReportForm.Status
# Every kind of entry: text, "unchanged since", not applicable, figures set and
# a figure taken away again, a form left as it was.
ENTRIES = {
    "A": {"status": S.CHANGED, "text": "  Mine action centre reorganised.  "},
    "B": {"status": S.UNCHANGED, "unchanged_since": 2021},
    "C": {
        "status": S.CHANGED,
        "text": "Two areas released.",
        "figures": {"mined_areas": Decimal(3), "area_contaminated_m2": None},
    },
    "D": {"status": S.NOT_APPLICABLE, "text": "No mines retained."},
    "G": {
        "status": S.CHANGED,
        "figures": {
            "stockpiled_mines_destroyed": Decimal(120),
            "area_cleared_m2": Decimal("4500.25"),
        },
    },
    "E": {"status": S.TODO},
}


def _annual(convention, name):
    return open_report(party(convention, name=name), convention, today=DAY)


def _forms(report):
    return {
        form.code: form_version(form)
        for form in ReportForm.objects.filter(report=report).prefetch_related("figures")
    }


def _trail(report):
    return sorted((event.verb, repr(event.changes)) for event in history_of(report))


def test_saved_at_once_or_one_by_one_the_forms_and_their_trail_are_the_same(apmbc):
    one_by_one = _annual(apmbc, "State One")
    at_once = _annual(apmbc, "State Two")
    for code, entry in ENTRIES.items():
        form = ReportForm.objects.get(report=one_by_one, code=code)
        services.report_form_save(form=form, version=LATEST, actor=None, **entry)

    services.report_forms_save(report=at_once, entries=ENTRIES, actor=None)

    assert _forms(at_once) == _forms(one_by_one)
    assert _trail(at_once) == _trail(one_by_one)
    # What the comparison stands on: the forms say what was sent.
    saved = {f.code: f for f in ReportForm.objects.filter(report=at_once)}
    assert saved["A"].text == "Mine action centre reorganised."
    assert saved["B"].unchanged_since == 2021
    assert dict(saved["G"].figures.values_list("key", "value")) == {
        "stockpiled_mines_destroyed": Decimal(120),
        "area_cleared_m2": Decimal("4500.25"),
    }
    verbs = [verb for verb, _ in _trail(at_once)]
    assert verbs.count("form A saved") == 1
    assert "form E saved" not in verbs  # left as it was: nothing to record


def test_the_queries_do_not_grow_with_the_forms(apmbc, django_assert_num_queries):
    """The report locked with its convention, State and type; the forms locked,
    their figures; the forms written in one UPDATE, the audit events in one
    INSERT, the report's time; the savepoint around it."""
    first, second = _annual(apmbc, "State One"), _annual(apmbc, "State Two")
    marks = {"status": S.NOT_APPLICABLE}
    services.report_forms_save(report=first, entries={"A": marks}, actor=None)
    two = {code: marks for code in ("B", "C")}
    every = {code: marks for code in first.forms.values_list("code", flat=True)}
    assert len(every) >= 10  # forms A-J

    with django_assert_num_queries(8):
        services.report_forms_save(report=first, entries=two, actor=None)
    with django_assert_num_queries(8):
        services.report_forms_save(report=second, entries=every, actor=None)

    assert set(second.forms.values_list("status", flat=True)) == {S.NOT_APPLICABLE}


def test_one_form_refused_writes_none_and_names_the_form(apmbc):
    report = _annual(apmbc, "State One")
    entries = {
        "A": {"status": S.CHANGED, "text": "Fine."},
        "G": {"status": S.CHANGED, "figures": {"area_cleared_m2": Decimal("-1")}},
    }

    with pytest.raises(ValidationError) as refused:
        services.report_forms_save(report=report, entries=entries, actor=None)

    assert list(refused.value.message_dict) == ["G.figure_area_cleared_m2"]
    assert set(report.forms.values_list("status", flat=True)) == {S.TODO}
    assert not history_of(report).filter(verb__startswith="form").exists()


def test_a_form_the_report_lacks_is_refused(apmbc):
    report = _annual(apmbc, "State One")

    with pytest.raises(ValidationError, match="no form Z"):
        services.report_forms_save(
            report=report, entries={"Z": {"status": S.CHANGED}}, actor=None
        )


def test_only_the_states_focal_point_or_staff_save_its_forms(apmbc, state_a, focal_b):
    report = open_report(state_a, apmbc, today=DAY)

    with pytest.raises(PermissionDenied):
        services.report_forms_save(
            report=report, entries={"A": {"status": S.CHANGED}}, actor=focal_b
        )
    assert Report.objects.get(pk=report.pk).forms.filter(status=S.TODO).count() == (
        report.forms.count()
    )
