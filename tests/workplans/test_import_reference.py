"""Importing the APMBC 2026 work plan from the reference file keeps every area and
every statement at its level."""

from __future__ import annotations

from collections import Counter

from tests.workplans.conftest import LEVEL_KEYS
from workplans.models import Result
from workplans.selectors import workplan_tree, workplan_tree_queryset


def test_it_imports_every_area_and_statement_at_its_level(apmbc_plan, reference):
    expected_by_level = Counter()
    for area in reference["areas"]:
        for key, level in LEVEL_KEYS.items():
            expected_by_level[level] += len(area[key])

    areas = list(apmbc_plan.areas.all())
    assert [a.title for a in areas] == [a["title"] for a in reference["areas"]]
    assert len(areas) == 9
    stored = Counter(
        Result.objects.filter(workplan=apmbc_plan).values_list("level", flat=True)
    )
    assert stored == expected_by_level
    assert sum(stored.values()) == sum(expected_by_level.values()) == 106


def test_it_keeps_each_areas_statements_in_their_published_order(apmbc_plan, reference):
    tree = workplan_tree(workplan_tree_queryset(user=None).get(pk=apmbc_plan.pk))
    for area_node, area_data in zip(tree.areas, reference["areas"], strict=True):
        assert area_node.area.title == area_data["title"]
        for key, level in LEVEL_KEYS.items():
            assert [n.result.text for n in area_node.of_level(level)] == area_data[key]


def test_it_numbers_unlinked_statements_through_the_plan_by_level(
    apmbc_plan, reference
):
    tree = workplan_tree(workplan_tree_queryset(user=None).get(pk=apmbc_plan.pk))
    for key, level in LEVEL_KEYS.items():
        total = sum(len(area[key]) for area in reference["areas"])
        numbers = [n.number for a in tree.areas for n in a.of_level(level)]
        assert numbers == [str(i) for i in range(1, total + 1)]
    # The first activity of the third area follows the seven of the first area and
    # the two of the second.
    first_of_third = tree.areas[2].of_level("activity")[0]
    before = len(reference["areas"][0]["activities"]) + len(
        reference["areas"][1]["activities"]
    )
    assert first_of_third.label == f"Activity {before + 1}"
