"""Staff translate a plan's statements on its translations page, one language at
a time; the edit page shows, statement by statement, the languages still missing;
a translation changes neither the original nor the plan (issue 18)."""

from __future__ import annotations

import pytest

from ism.models import AuditEvent
from tests.workplans.conftest import add_chain, indicator_data
from workplans import services
from workplans.models import Result


@pytest.fixture
def staff(isu_staff, client_for):
    return client_for(isu_staff)


@pytest.fixture
def chain(plan):
    return add_chain(plan)


def test_the_edit_page_shows_which_languages_each_statement_lacks(plan, chain, staff):
    _area, impact, *_rest = chain
    french = "La mise en œuvre est facilitée."
    Result.objects.filter(pk=impact.pk).update(text_fr=french)

    page = staff.get(f"/workplans/{plan.pk}/edit/").content.decode()

    assert "Not yet translated into: Spanish, Chinese, Russian, Arabic" in page
    # The four other statements have no translation at all.
    assert page.count(">Not yet translated</span>") == 4
    assert f'href="/workplans/{plan.pk}/translations/"' in page


def test_a_translation_is_saved_into_its_language_only(plan, chain, staff):
    _area, impact, *_rest = chain
    field = f"result-{impact.pk}-text"
    revision = plan.revision

    page = staff.get(f"/workplans/{plan.pk}/translations/?lang=es")
    response = staff.post(
        f"/workplans/{plan.pk}/translations/?lang=es",
        {field: "  Se facilita la aplicación. "},
    )

    assert f'name="{field}"' in page.content.decode()
    assert response.status_code == 302
    impact.refresh_from_db()
    assert impact.text_es == "Se facilita la aplicación."
    assert impact.text == "Implementation is facilitated."
    assert impact.text_fr is None
    event = AuditEvent.objects.filter(verb="translations saved").get()
    assert event.object_id == str(plan.pk)
    plan.refresh_from_db()
    # Its documents in every language are made again.
    assert plan.revision == revision + 1
    after = staff.get(f"/workplans/{plan.pk}/edit/").content.decode()
    assert "Not yet translated into: French, Chinese, Russian, Arabic" in after


def test_a_too_long_translation_is_refused_beside_its_field(plan, chain, staff):
    output = chain[3]
    indicator = services.indicator_add(result=output, data=indicator_data(), actor=None)
    field = f"indicator-{indicator.pk}-description"

    response = staff.post(
        f"/workplans/{plan.pk}/translations/?lang=fr", {field: "x" * 301}
    )

    assert response.status_code == 400
    assert f'data-testid="error-{field}"' in response.content.decode()
    indicator.refresh_from_db()
    assert indicator.description_fr is None


def test_other_conventions_staff_cannot_open_it(plan, other_staff, client_for):
    response = client_for(other_staff).get(f"/workplans/{plan.pk}/translations/")

    assert response.status_code in (403, 404)
