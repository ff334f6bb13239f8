"""The edit page: the ISU adds, rewords, links, reorders and deletes statements
area by area; a refused edit comes back with the typed text and the message next
to the field (400), with or without htmx; the page's queries do not grow with the
number of statements."""

from __future__ import annotations

import pytest

from tests.workplans.conftest import add_chain
from workplans import services
from workplans.models import Level, Result, ThematicArea

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def staff(isu_staff, client_for):
    return client_for(isu_staff)


def test_it_adds_an_area_and_a_statement_without_a_reload(plan, staff):
    response = staff.post(
        f"/workplans/{plan.pk}/areas/add/",
        {"new-area-title": "  Support to the Committees  "},
        follow=True,
        **HTMX,
    )
    area = ThematicArea.objects.get(workplan=plan)
    assert area.title == "Support to the Committees"
    assert response.status_code == 200
    assert b'id="plan-editor"' in response.content

    response = staff.post(
        f"/workplans/areas/{area.pk}/results/add/output/",
        {"add-output-text": "Up to 60 committee meetings supported."},
        follow=True,
        **HTMX,
    )
    assert response.status_code == 200
    result = Result.objects.get(workplan=plan)
    assert (result.level, result.text) == (
        "output",
        "Up to 60 committee meetings supported.",
    )
    assert b"Output 1" in response.content
    # With htmx only the editor is swapped: its messages come with it.
    assert b"Output added." in response.content


def test_it_keeps_what_was_typed_when_a_link_skips_a_level(plan, staff):
    area, impact, *_ = add_chain(plan)

    response = staff.post(
        f"/workplans/areas/{area.pk}/results/add/activity/",
        {"add-activity-text": "Hold a workshop.", "add-activity-parent": impact.pk},
        **HTMX,
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Hold a workshop." in html  # the typed text is still there
    assert "Select a valid choice" not in html
    assert "Activity contributes to an output, not to an impact" in html
    assert 'data-testid="error-add-activity-parent"' in html
    assert not Result.objects.filter(text="Hold a workshop.").exists()


def test_it_refuses_to_reword_a_statement_to_nothing(plan, staff):
    *_, first, _second = add_chain(plan)

    response = staff.post(
        f"/workplans/results/{first.pk}/update/",
        {f"r{first.pk}-text": "   ", f"r{first.pk}-area": first.area_id},
    )

    assert response.status_code == 400
    assert b"A statement cannot be empty." in response.content
    assert f'data-testid="error-r{first.pk}-text"'.encode() in response.content
    first.refresh_from_db()
    assert first.text == "Prepare and follow up committee meetings."


def test_it_moves_a_statement_to_another_parent_and_renumbers(plan, staff):
    area, _impact, outcome, _output, first, _second = add_chain(plan)
    other = services.result_add(
        area=area, level=Level.OUTPUT, text="Initiatives.", parent=outcome, actor=None
    )

    response = staff.post(
        f"/workplans/results/{first.pk}/update/",
        {
            f"r{first.pk}-text": first.text,
            f"r{first.pk}-parent": other.pk,
            f"r{first.pk}-area": area.pk,
            f"r{first.pk}-action_refs": "#12,  #31",
            f"r{first.pk}-version": services.result_version(first),
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"?area={area.pk}#r{first.pk}")
    first.refresh_from_db()
    assert first.parent == other
    assert first.action_list == ["#12", "#31"]
    page = staff.get(response["Location"]).content.decode()
    assert "Activity 1.1.2.1" in page
    assert "contributes to Output 1.1.2" in page


def test_it_reorders_and_deletes_with_confirmation(plan, staff):
    *_, output, first, second = add_chain(plan)

    staff.post(f"/workplans/results/{second.pk}/move/", {"direction": "up"})
    page = staff.get(f"/workplans/{plan.pk}/edit/").content.decode()
    assert page.index("Draft observations") < page.index("Prepare and follow up")
    # The delete button asks first, and says what happens to the contributors.
    assert "The 2 statements that contribute to it are kept, unlinked." in page
    assert "statement(s)" not in page  # a real plural, in every language

    response = staff.post(f"/workplans/results/{output.pk}/delete/", follow=True)

    assert response.status_code == 200
    assert not Result.objects.filter(pk=output.pk).exists()
    first.refresh_from_db()
    assert first.parent is None


def test_it_shows_the_committees_open_comments_beside_the_statement(
    submitted, committee_member, isu_staff, staff
):
    plan, (*_rest, activity, _second) = submitted
    thread = services.thread_open(
        workplan=plan, result=activity, text="Which committees?", actor=committee_member
    )

    page = staff.get(f"/workplans/{plan.pk}/edit/").content.decode()

    item = page[page.index(f'id="r{activity.pk}"') :]
    item = item[: item.index("</li>")]
    assert "Which committees?" in item
    assert f"/workplans/threads/{thread.pk}/reply/" in item
    assert "can no longer be edited" in page


def _plan_with(apmbc, year, statements):
    plan = services.workplan_create(
        convention=apmbc, kind="annual", start_year=year, actor=None
    )
    area = services.area_add(workplan=plan, title="Area", actor=None)
    outcome = services.result_add(
        area=area, level="outcome", text="Outcome", actor=None
    )
    for n in range(statements - 1):
        services.result_add(
            area=area, level="output", text=f"Output {n}", parent=outcome, actor=None
        )
    output = Result.objects.filter(workplan=plan, level="output").first()
    from tests.workplans.conftest import indicator_data

    services.indicator_add(result=output, data=indicator_data(), actor=None)
    return plan


def test_the_edit_page_costs_the_same_queries_for_10_or_100_statements(
    apmbc, staff, django_assert_max_num_queries
):
    small = _plan_with(apmbc, 2030, 10)
    large = _plan_with(apmbc, 2031, 100)
    staff.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    for plan in (small, large):
        # 13, and one for the navigation's counts (the newest audit event's id).
        with django_assert_max_num_queries(14):
            response = staff.get(f"/workplans/{plan.pk}/edit/")
        assert response.status_code == 200
    assert response.content.count(b'data-testid="statement"') == 100


def test_a_statement_saved_from_a_stale_page_is_refused_with_what_changed(plan, staff):
    area, _impact, _outcome, _output, first, _second = add_chain(plan)
    url = f"/workplans/results/{first.pk}/update/"
    loaded = {
        f"r{first.pk}-text": first.text,
        f"r{first.pk}-area": area.pk,
        f"r{first.pk}-parent": first.parent_id,
        f"r{first.pk}-version": services.result_version(first),
    }
    done = staff.post(url, {**loaded, f"r{first.pk}-text": "Prepare the meetings."})
    assert done.status_code == 302
    refused = staff.post(url, {**loaded, f"r{first.pk}-action_refs": "#7"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'data-testid="edit-conflict"' in html and "Prepare the meetings." in html
    first.refresh_from_db()
    assert (first.text, first.action_refs) == ("Prepare the meetings.", "")


def test_it_draws_a_statements_form_only_when_its_editor_is_opened(plan, staff):
    area, *_rest, first, _second = add_chain(plan)
    field = f'name="r{first.pk}-text"'

    page = staff.get(f"/workplans/{plan.pk}/edit/").content.decode()
    assert field not in page  # no hidden form per statement
    # htmx asks for it when the editor opens; without JavaScript, a link does.
    assert f'data-hx-get="/workplans/results/{first.pk}/form/"' in page
    link = f"?area={area.pk}&amp;edit={first.pk}#r{first.pk}"
    assert link in page

    form = staff.get(f"/workplans/results/{first.pk}/form/", **HTMX)
    assert form.status_code == 200
    html = form.content.decode()
    assert field in html and first.text in html
    assert f'data-hx-post="/workplans/results/{first.pk}/update/"' in html
    assert "Output 1.1.1 — " in html  # its parent among the choices, numbered

    opened = staff.get(f"/workplans/{plan.pk}/edit/?area={area.pk}&edit={first.pk}")
    html = opened.content.decode()
    assert html.count('<details class="wp-edit-form" open>') == 1
    assert html.count(f'name="r{first.pk}-') >= 1
    assert html.count('name="r') == html.count(f'name="r{first.pk}-')  # that one


def test_a_statements_form_follows_the_access_policy(
    submitted, staff, client_for, other_staff, committee_member
):
    _plan, (*_rest, first, _second) = submitted
    url = f"/workplans/results/{first.pk}/form/"

    # Another convention's plan does not exist for its staff.
    assert client_for(other_staff).get(url).status_code == 404
    # The committee reads the plan it reviews, but does not edit it.
    assert client_for(committee_member).get(url).status_code == 403
    # In review, the plan is locked for the ISU too.
    assert staff.get(url).status_code == 403


def test_a_statements_form_costs_the_same_queries_for_10_or_100_statements(
    apmbc, staff, django_assert_max_num_queries
):
    staff.get("/meetings/")  # the navigation's counts are cached (ism.todo)
    for plan in (_plan_with(apmbc, 2030, 10), _plan_with(apmbc, 2031, 100)):
        last = Result.objects.filter(workplan=plan).order_by("pk").last()
        with django_assert_max_num_queries(12):
            response = staff.get(f"/workplans/results/{last.pk}/form/", **HTMX)
        assert response.status_code == 200
    assert response.content.count(b"<option") == 1 + 1 + 1  # not linked, 1 parent, area
