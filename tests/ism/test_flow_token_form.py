"""The token form chooses the convention for who has only one, and leaves the
choice open for who has several."""

from __future__ import annotations

from ism.forms import ApiTokenForm
from tests.factories import assign


def test_it_preselects_a_focal_points_only_convention(focal_a, apmbc):
    form = ApiTokenForm(user=focal_a)

    assert form["convention"].value() == apmbc.pk
    assert "selected" in str(form["convention"])
    assert "---------" not in str(form["convention"])


def test_it_preselects_staffs_only_convention(isu_staff, apmbc):
    assert ApiTokenForm(user=isu_staff)["convention"].value() == apmbc.pk


def test_it_leaves_the_choice_to_who_has_two_conventions(isu_staff, ccm):
    from ism.models import Role

    assign(isu_staff, Role.ISU_STAFF, convention=ccm)
    form = ApiTokenForm(user=isu_staff)

    assert form["convention"].value() is None
    assert "---------" in str(form["convention"])
