"""A statement's link to a parent that is no statement ("²", a huge number) is
refused on the edit page with a message next to the field, never a 500 (issue 15
§3)."""

from __future__ import annotations

import pytest

from tests.workplans.conftest import add_chain
from workplans.models import Result

pytestmark = pytest.mark.django_db

ODD = ["²", "99999999999999999999", "-1", "1e309"]


@pytest.mark.parametrize("parent", ODD)
def test_adding_with_an_odd_parent_is_refused_with_a_message(
    plan, isu_staff, client_for, parent
):
    area, *_ = add_chain(plan)

    response = client_for(isu_staff).post(
        f"/workplans/areas/{area.pk}/results/add/activity/",
        {"add-activity-text": "Hold a workshop.", "add-activity-parent": parent},
    )

    assert response.status_code == 400
    assert 'data-testid="error-add-activity-parent"' in response.content.decode()
    assert not Result.objects.filter(text="Hold a workshop.").exists()


@pytest.mark.parametrize("parent", ODD)
def test_relinking_to_an_odd_parent_is_refused_with_a_message(
    plan, isu_staff, client_for, parent
):
    area, _impact, _outcome, output, first, _second = add_chain(plan)

    response = client_for(isu_staff).post(
        f"/workplans/results/{first.pk}/update/",
        {
            f"r{first.pk}-text": first.text,
            f"r{first.pk}-parent": parent,
            f"r{first.pk}-area": area.pk,
        },
    )

    assert response.status_code == 400
    assert f'data-testid="error-r{first.pk}-parent"' in response.content.decode()
    first.refresh_from_db()
    assert first.parent == output
