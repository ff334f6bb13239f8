"""The chain refuses what would make it wrong: empty statements, links that skip
a level or cross areas, and edits once the plan has left the draft."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ism.audit import history_of
from ism.concurrency import LATEST
from tests.workplans.conftest import add_chain
from workplans import services
from workplans.models import Level, Result


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_it_refuses_an_empty_statement(plan, text):
    area = services.area_add(workplan=plan, title="Area", actor=None)

    with pytest.raises(ValidationError) as error:
        services.result_add(area=area, level=Level.ACTIVITY, text=text, actor=None)

    assert error.value.message_dict["text"] == ["A statement cannot be empty."]
    assert not Result.objects.filter(workplan=plan).exists()


def test_it_refuses_to_reword_a_statement_to_nothing(plan):
    *_, first, _second = add_chain(plan)

    with pytest.raises(ValidationError):
        services.result_update(version=LATEST, result=first, text="  ", actor=None)

    first.refresh_from_db()
    assert first.text == "Prepare and follow up committee meetings."


@pytest.mark.parametrize(
    ("level", "parent_index", "message"),
    [
        ("activity", 2, "Activity contributes to an output, not to an outcome"),
        ("activity", 1, "Activity contributes to an output, not to an impact"),
        ("output", 1, "Output contributes to an outcome, not to an impact"),
        ("outcome", 3, "Outcome contributes to an impact, not to an output"),
    ],
)
def test_it_refuses_a_link_that_skips_a_level(plan, level, parent_index, message):
    area, *chain = add_chain(plan)
    parent = chain[parent_index - 1]

    with pytest.raises(ValidationError) as error:
        services.result_add(
            area=area, level=level, text="New statement", parent=parent, actor=None
        )

    assert message in error.value.message_dict["parent"][0]
    assert not Result.objects.filter(text="New statement").exists()


def test_it_refuses_to_link_an_impact_to_anything(plan):
    area, impact, *_ = add_chain(plan)
    with pytest.raises(ValidationError) as error:
        services.result_add(
            area=area, level=Level.IMPACT, text="Another", parent=impact, actor=None
        )
    assert "parent" in error.value.message_dict


def test_it_refuses_a_link_across_areas(plan):
    _area, _impact, outcome, *_ = add_chain(plan)
    other = services.area_add(workplan=plan, title="Other", actor=None)

    with pytest.raises(ValidationError) as error:
        services.result_add(
            area=other, level=Level.OUTPUT, text="Output", parent=outcome, actor=None
        )

    assert error.value.message_dict["parent"] == [
        "It can only contribute to a result of the same area."
    ]


def test_it_moves_a_result_to_another_area_with_its_contributors(plan):
    _area, _impact, _outcome, output, first, second = add_chain(plan)
    other = services.area_add(workplan=plan, title="Other", actor=None)

    services.result_update(version=LATEST, result=output, area=other, actor=None)

    output.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert output.area == other and output.parent is None
    assert first.area == other and first.parent == output
    assert second.area == other


def test_it_keeps_contributors_unlinked_when_their_result_is_deleted(plan):
    *_, output, first, _second = add_chain(plan)

    unlinked = services.result_delete(result=output, actor=None)

    assert unlinked == 2
    first.refresh_from_db()
    assert first.parent is None
    assert not Result.objects.filter(pk=output.pk).exists()
    event = history_of(plan).first()
    assert event.verb == "statement deleted"
    assert event.changes["text"] == ["Up to 60 committee meetings supported.", None]


def test_it_refuses_edits_once_submitted(plan):
    area, *_rest, first, _second = add_chain(plan)
    services.workplan_submit(workplan=plan, actor=None)

    with pytest.raises(ValidationError) as error:
        services.result_update(
            version=LATEST, result=first, text="Reworded", actor=None
        )

    assert "can no longer be edited" in error.value.messages[0]
    with pytest.raises(ValidationError):
        services.result_add(area=area, level=Level.ACTIVITY, text="New", actor=None)


def test_it_refuses_staff_of_another_convention(plan, other_staff):
    from django.core.exceptions import PermissionDenied

    area = services.area_add(workplan=plan, title="Area", actor=None)
    with pytest.raises(PermissionDenied):
        services.result_add(
            area=area, level=Level.ACTIVITY, text="Intruder", actor=other_staff
        )
