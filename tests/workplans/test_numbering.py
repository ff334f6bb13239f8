"""Numbers are derived from the links and the order, never typed: Outcome 1 →
Output 1.1 → Activity 1.1.1, and they follow every reorder and move."""

from __future__ import annotations

from ism.concurrency import LATEST
from tests.workplans.conftest import add_chain
from workplans import services
from workplans.models import Level
from workplans.selectors import workplan_tree, workplan_tree_queryset


def labels(plan) -> list[str]:
    tree = workplan_tree(workplan_tree_queryset(user=None).get(pk=plan.pk))
    return [f"{node.label}: {node.result.text}" for node in tree.results]


def test_it_numbers_a_linked_chain_as_an_outline(plan):
    add_chain(plan)

    assert labels(plan) == [
        "Impact 1: Implementation is facilitated.",
        "Outcome 1.1: Committees carry out their mandates.",
        "Output 1.1.1: Up to 60 committee meetings supported.",
        "Activity 1.1.1.1: Prepare and follow up committee meetings.",
        "Activity 1.1.1.2: Draft observations and recommendations.",
    ]


def test_it_numbers_the_ccm_outline_from_its_outcomes(plan):
    area = services.area_add(workplan=plan, title="Mechanisms", actor=None)
    outcome = services.result_add(
        area=area, level=Level.OUTCOME, text="Mechanisms fulfil mandates.", actor=None
    )
    output = services.result_add(
        area=area,
        level=Level.OUTPUT,
        text="The President receives advice.",
        parent=outcome,
        actor=None,
    )
    services.result_add(
        area=area,
        level=Level.ACTIVITY,
        text="Assist the President.",
        parent=output,
        actor=None,
    )
    second = services.result_add(
        area=area, level=Level.OUTCOME, text="Meetings are held.", actor=None
    )
    services.result_add(
        area=area,
        level=Level.OUTPUT,
        text="Meetings are prepared.",
        parent=second,
        actor=None,
    )

    assert labels(plan) == [
        "Outcome 1: Mechanisms fulfil mandates.",
        "Output 1.1: The President receives advice.",
        "Activity 1.1.1: Assist the President.",
        "Outcome 2: Meetings are held.",
        "Output 2.1: Meetings are prepared.",
    ]


def test_it_renumbers_after_a_reorder(plan):
    *_, _first, second = add_chain(plan)

    assert services.result_move(result=second, direction="up", actor=None)

    assert labels(plan)[-2:] == [
        "Activity 1.1.1.1: Draft observations and recommendations.",
        "Activity 1.1.1.2: Prepare and follow up committee meetings.",
    ]
    # The first of its siblings cannot go further up.
    second.refresh_from_db()
    assert not services.result_move(result=second, direction="up", actor=None)


def test_it_renumbers_a_result_moved_to_another_parent(plan):
    area, _impact, outcome, _output, first, _second = add_chain(plan)
    other = services.result_add(
        area=area,
        level=Level.OUTPUT,
        text="Special initiatives supported.",
        parent=outcome,
        actor=None,
    )

    services.result_update(version=LATEST, result=first, parent=other, actor=None)

    assert labels(plan) == [
        "Impact 1: Implementation is facilitated.",
        "Outcome 1.1: Committees carry out their mandates.",
        "Output 1.1.1: Up to 60 committee meetings supported.",
        "Activity 1.1.1.1: Draft observations and recommendations.",
        "Output 1.1.2: Special initiatives supported.",
        "Activity 1.1.2.1: Prepare and follow up committee meetings.",
    ]


def test_it_numbers_areas_in_their_order_and_unlinked_results_across_them(plan):
    one = services.area_add(workplan=plan, title="One", actor=None)
    two = services.area_add(workplan=plan, title="Two", actor=None)
    services.result_add(area=two, level=Level.ACTIVITY, text="B", actor=None)
    services.result_add(area=one, level=Level.ACTIVITY, text="A", actor=None)

    assert labels(plan) == ["Activity 1: A", "Activity 2: B"]

    services.area_move(area=two, direction="up", actor=None)

    assert labels(plan) == ["Activity 1: B", "Activity 2: A"]
    tree = workplan_tree(workplan_tree_queryset(user=None).get(pk=plan.pk))
    assert [(a.number, a.area.title) for a in tree.areas] == [(1, "Two"), (2, "One")]
