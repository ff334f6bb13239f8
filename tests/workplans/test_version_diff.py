"""Submitting freezes a version; any two versions compare by stable keys:
statements added, removed, reworded and moved, whatever their numbers became."""

from __future__ import annotations

from ism.concurrency import LATEST
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services
from workplans.diff import compare
from workplans.models import Level, WorkPlan
from workplans.selectors import workplan_tree, workplan_tree_queryset
from workplans.tree import snapshot


def resubmit(plan, member, note="Please reconsider."):
    """The committee sends the plan back, so the ISU can edit it again."""
    services.workplan_request_changes(workplan=plan, note=note, actor=member)
    plan.refresh_from_db()
    assert plan.status == WorkPlan.Status.CHANGES_REQUESTED


def test_it_freezes_what_the_plan_said_when_submitted(plan, committee_member):
    *_, first, _second = add_chain(plan)
    version = services.workplan_submit(workplan=plan, actor=None)

    assert version.number == 1
    frozen = version.snapshot
    texts = [r["text"] for area in frozen["areas"] for r in area["results"]]
    assert "Prepare and follow up committee meetings." in texts

    resubmit(plan, committee_member)
    services.result_update(
        version=LATEST, result=first, text="Prepare all committee meetings.", actor=None
    )

    version.refresh_from_db()
    assert version.snapshot == frozen  # the frozen version does not follow the draft


def test_it_reports_statements_added_removed_reworded_and_moved(plan, committee_member):
    area, _impact, outcome, _output, first, second = add_chain(plan)
    v1 = services.workplan_submit(workplan=plan, actor=None)
    resubmit(plan, committee_member)

    # Reword one, delete one, add one before the others (renumbering them all),
    # and link a new output so an activity can move to it.
    services.result_update(
        version=LATEST,
        result=first,
        text="Prepare and follow up every committee meeting.",
        actor=None,
    )
    services.result_delete(result=second, actor=None)
    new_output = services.result_add(
        area=area,
        level=Level.OUTPUT,
        text="Special initiatives supported.",
        parent=outcome,
        actor=None,
    )
    services.result_move(result=new_output, direction="up", actor=None)
    services.result_update(version=LATEST, result=first, parent=new_output, actor=None)
    v2 = services.workplan_submit(workplan=plan, actor=None)

    diff = compare(v1.snapshot, v2.snapshot)

    assert diff.summary == {"added": 1, "removed": 1, "reworded": 1, "moved": 1}
    [added] = diff.of("added")
    assert (added.label, added.after) == (
        "Output 1.1.1",
        "Special initiatives supported.",
    )
    [removed] = diff.of("removed")
    assert (removed.label, removed.before) == (
        "Activity 1.1.1.2",
        "Draft observations and recommendations.",
    )
    [reworded] = diff.of("reworded")
    assert reworded.before == "Prepare and follow up committee meetings."
    assert reworded.after == "Prepare and follow up every committee meeting."
    assert reworded.words == [
        ("equal", "Prepare and follow up"),
        ("insert", "every"),
        ("equal", "committee"),
        ("delete", "meetings."),
        ("insert", "meeting."),
    ]
    [moved] = diff.of("moved")
    assert moved.label == "Activity 1.1.1.1"
    # Both outputs are numbered 1.1.1 in their own version: the text says which.
    assert moved.details == [
        "now contributes to Output 1.1.1 “Special initiatives supported.” "
        "(was Output 1.1.1 “Up to 60 committee meetings supported.”)"
    ]
    # The untouched output was renumbered 1.1.1 → 1.1.2 but did not change.
    assert not [c for c in diff.changes if "Up to 60" in c.after + c.before]


def test_it_reports_nothing_between_identical_versions(plan, committee_member):
    add_chain(plan)
    v1 = services.workplan_submit(workplan=plan, actor=None)
    resubmit(plan, committee_member)
    v2 = services.workplan_submit(workplan=plan, actor=None)

    assert v2.number == 2
    assert not compare(v1.snapshot, v2.snapshot)


def test_it_reports_indicator_changes_on_their_statement(plan, committee_member):
    *_, output, _first, _second = add_chain(plan)
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    v1 = services.workplan_submit(workplan=plan, actor=None)
    resubmit(plan, committee_member)
    services.indicator_update(
        indicator=indicator,
        data={"target": 50, "qualifier": "about", "version": LATEST},
        actor=None,
    )

    current = snapshot(workplan_tree(workplan_tree_queryset(user=None).get(pk=plan.pk)))
    diff = compare(v1.snapshot, current)

    [change] = diff.of("changed", kind="indicator")
    assert change.label == "Output 1.1.1"
    assert change.before == "Committee meetings supported (up to 60)"
    assert change.after == "Committee meetings supported (about 50)"
    assert change.details == ["target"]
