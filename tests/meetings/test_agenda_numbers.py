"""Agenda items are numbered as in the documents — 9, 9(h), 9(h)(i) — kept as
typed, validated, and ordered naturally (9(h)(ii) before 9(h)(x), 9 before 10)."""

import pytest
from django.core.exceptions import ValidationError

from meetings.models import AgendaItem, agenda_sort_key
from meetings.services import agenda_item_save


@pytest.mark.parametrize(
    "number", ["9", "10", "9(h)", "9(h)(i)", "9(h)(iv)", "9(h)(xii)", "10(aa)"]
)
def test_it_accepts_the_documents_numbering(number):
    agenda_sort_key(number)


@pytest.mark.parametrize(
    "number",
    ["", "9h", "9(H)", "9 (h)", "9(h)(iiii)", "9(h)(vx)", "(h)", "9.1", "0", "9()"],
)
def test_it_refuses_malformed_numbers(number):
    with pytest.raises(ValueError):
        agenda_sort_key(number)


def test_it_orders_the_agenda_naturally_in_the_database(msp, isu_staff):
    typed = ["10", "9(h)(x)", "9(h)(ii)", "9", "9(c)", "9(h)", "2", "9(h)(i)", "11(a)"]
    for number in typed:
        agenda_item_save(meeting=msp, number=number, title="t", actor=isu_staff)
    ordered = list(
        AgendaItem.objects.filter(meeting=msp).values_list("number", flat=True)
    )
    assert ordered == [
        "2",
        "9",
        "9(c)",
        "9(h)",
        "9(h)(i)",
        "9(h)(ii)",
        "9(h)(x)",
        "10",
        "11(a)",
    ]


def test_it_explains_the_format_beside_the_number(client_for, msp, isu_staff):
    response = client_for(isu_staff).post(
        f"/meetings/{msp.pk}/agenda/", {"number": "9 h i", "title": "Support"}
    )
    assert response.status_code == 400
    errors = response.context["agenda_form"].errors
    assert "9(h)(i)" in errors["number"][0]
    # What was typed is kept for correction.
    assert 'value="9 h i"' in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=msp).exists()


def test_it_refuses_the_same_number_twice(msp, isu_staff):
    agenda_item_save(meeting=msp, number="9(c)", title="a", actor=isu_staff)
    with pytest.raises(ValidationError) as exc:
        agenda_item_save(meeting=msp, number="9(c)", title="b", actor=isu_staff)
    assert "already has an item 9(c)" in str(exc.value)


def test_it_lets_only_the_conventions_staff_change_the_agenda(
    client_for, msp, other_staff, focal_a
):
    for user in (other_staff, focal_a):
        response = client_for(user).post(
            f"/meetings/{msp.pk}/agenda/", {"number": "9", "title": "x"}
        )
        assert response.status_code == 403
    assert not AgendaItem.objects.exists()
