"""A CCM-style outline plan imports from JSON and from the logframe workbook in
seconds, and prints 1 / 1.1 / 1.1.1 with its title block and narrative; the work
plan and budget document has both parts; a lettered plan prints A / (a)."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command

from tests.budgets.factories import budget_with
from tests.pdftext import pdftotext
from tests.workplans.ccm_outline import (
    MEETING,
    SYMBOL,
    YEAR,
    ccm_outline_plan,
    lettered_plan,
)
from workplans import services
from workplans.documents import document_queryset
from workplans.documents import workplan_pdf_bytes as _pdf
from workplans.exports import logframe_workbook
from workplans.importer import Problems
from workplans.importer.excel import from_workbook
from workplans.models import Result, WorkPlan
from workplans.selectors import workplan_tree, workplan_tree_queryset


def workplan_pdf_bytes(plan, layout: str) -> bytes:
    return _pdf(document_queryset().get(pk=plan.pk), layout)


def _tree(plan):
    return workplan_tree(workplan_tree_queryset(user=None).get(pk=plan.pk))


def _outline(tree) -> list[tuple]:
    return [
        (
            node.label,
            node.result.text,
            node.parent.label if node.parent else None,
            [(i.indicator.description, i.target_text) for i in node.indicators],
        )
        for node in tree.results
    ]


@pytest.fixture
def outline_plan(ccm) -> WorkPlan:
    started = time.perf_counter()
    plan = services.workplan_import(convention=ccm, data=ccm_outline_plan(), actor=None)
    assert time.perf_counter() - started < 5
    return plan


def test_it_imports_the_outline_numbered_1_11_111(outline_plan):
    tree = _tree(outline_plan)
    counts = {level: tree.count(level) for level in ("outcome", "output", "activity")}
    assert counts == {"outcome": 6, "output": 10, "activity": 30}
    labels = [node.label for node in tree.results]
    assert labels[:5] == [
        "Outcome 1",
        "Output 1.1",
        "Activity 1.1.1",
        "Activity 1.1.2",
        "Activity 1.1.3",
    ]
    assert labels[-1] == "Activity 6.1.3"
    [area] = tree.areas
    assert area.area.title == ""
    assert outline_plan.document_symbol == SYMBOL
    assert outline_plan.status == WorkPlan.Status.DRAFT


def test_it_imports_again_from_its_own_logframe_workbook(outline_plan, ccm, tmp_path):
    before = _outline(_tree(outline_plan))
    file = tmp_path / "ccm-2027.xlsx"
    file.write_bytes(logframe_workbook(_tree(outline_plan)))
    WorkPlan.objects.all().delete()

    started = time.perf_counter()
    call_command("import_workplan", str(file), stdout=StringIO())
    assert time.perf_counter() - started < 5

    again = WorkPlan.objects.get(convention=ccm, start_year=YEAR)
    assert _outline(_tree(again)) == before
    assert (again.numbering, again.meeting, again.agenda_item) == (
        "outline",
        MEETING,
        "10(b)",
    )
    assert again.objectives.count("\n\n") == 1


def test_a_workbook_with_a_wrong_row_is_refused_with_its_row(outline_plan, ccm):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(logframe_workbook(_tree(outline_plan))))
    book["Results chain"]["C5"] = "Goal"
    book["Results chain"]["E7"] = None
    buffer = io.BytesIO()
    book.save(buffer)
    problems = Problems()
    plan = from_workbook(buffer.getvalue(), problems)
    assert "“Results chain” row 5, C5" in problems.by_place
    WorkPlan.objects.all().delete()
    with pytest.raises(Exception) as refused:
        services.workplan_import_file(convention=ccm, plan=plan, actor=None)
    assert "“Results chain” row 7.text" in refused.value.message_dict
    assert not Result.objects.exists()


def test_the_outline_prints_its_numbers_title_block_and_narrative(outline_plan):
    text = " ".join(pdftotext(workplan_pdf_bytes(outline_plan, "outline")).split())
    for words in [
        SYMBOL,
        MEETING,
        "Provisional agenda item 10(b)",
        "15 July 2026",
        "Objectives The ISU supports States Parties",
        "Expected results Every request for support is answered.",
        "Outcome 1 States Parties advance goal 1",
        "Output 1.1 Support delivered under goal 1, strand 1.",
        "Activity 1.1.1 Carry out task 1 of goal 1, strand 1.",
        "Activity 6.1.3",
    ]:
        assert words in text, words


def test_the_work_plan_and_budget_is_one_document_plan_first(outline_plan, ccm):
    budget_with(lines=3, convention=ccm, year=YEAR, title="ISU budget 2027")

    pdf = workplan_pdf_bytes(outline_plan, "budget")

    text = " ".join(pdftotext(pdf).split())
    plan_at = text.index("Activity 6.1.3")
    assert text.index("Staff costs") > plan_at
    assert text.index("ISU budget 2027") > plan_at
    assert text.index(SYMBOL) < plan_at


def test_a_lettered_plan_prints_priority_areas_and_actions_lettered(ccm):
    plan = services.workplan_import(convention=ccm, data=lettered_plan(), actor=None)

    text = " ".join(pdftotext(workplan_pdf_bytes(plan, "outline")).split())

    assert (
        "A. Universalization (a) Reach out to signatories. (b) Brief new States."
        in text
    )
    assert "B. Stockpile destruction (a) Follow up deadlines." in text
    assert "Activity" not in text.split("Universalization", 1)[1]


def test_a_thousand_statements_import_in_a_few_queries_and_seconds(apmbc, reference):
    """The bench world's plan: the reference areas repeated to 1,000 statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    levels = ("impacts", "outcomes", "outputs", "activities")
    areas, total = [], 0
    while total < 1000:
        source = reference["areas"][len(areas) % len(reference["areas"])]
        area = {"title": f"{source['title']} ({len(areas) + 1})"}
        for level in levels:
            area[level] = source[level][: 1000 - total]
            total += len(area[level])
        areas.append(area)
    data = dict(reference, year=2030, areas=areas)

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        plan = services.workplan_import(convention=apmbc, data=data, actor=None)
    seconds = time.perf_counter() - started

    assert plan.results.count() == 1000
    assert len(queries) < 40, len(queries)
    assert seconds < 10, seconds
    print(f"1,000 statements imported in {seconds:.2f} s, {len(queries)} queries")
