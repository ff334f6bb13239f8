"""A budget goes to the States with its title block: circulating one that does
not say its meeting, agenda item, and its symbol or date is refused, each
missing field named,
on the page and by the service, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from budgets import services
from budgets.models import Budget
from tests.budgets.factories import BudgetFactory

Status = Budget.Status


@pytest.fixture
def untitled(apmbc):
    return BudgetFactory(
        convention=apmbc,
        year=2027,
        status=Status.APPROVED,
        meeting="",
        agenda_item="",
        document_date=None,
    )


def test_the_service_names_each_missing_field(untitled, isu_staff):
    with pytest.raises(ValidationError) as refused:
        services.budget_circulate(
            budget=untitled, actor=isu_staff, on=timezone.localdate()
        )
    assert refused.value.message_dict == {
        "meeting": ["Enter the meeting on the edit page before circulating."],
        "agenda_item": ["Enter the agenda item on the edit page before circulating."],
        "document_symbol": [
            "Enter the document symbol or the document date on the edit page "
            "before circulating."
        ],
    }
    untitled.refresh_from_db()
    assert (untitled.status, untitled.circulated_on) == (Status.APPROVED, None)


def test_the_page_says_why_and_the_budget_stays_approved(
    client_for, isu_staff, untitled
):
    client = client_for(isu_staff)
    day = timezone.localdate().isoformat()
    response = client.post(
        reverse("budgets:circulate", args=[untitled.pk]),
        {"circulate-on": day},
        follow=True,
    )
    assert "Enter the meeting on the edit page before circulating." in (
        response.content.decode()
    )
    assert Budget.objects.get(pk=untitled.pk).status == Status.APPROVED


@pytest.mark.parametrize(
    "identity",
    [
        {"document_symbol": "CCM/MSP/2023/2", "document_date": None},  # as CCM 2024
        {"document_symbol": ""},  # dated, without a symbol, as APMBC 2026
    ],
)
def test_with_its_title_block_it_is_circulated(apmbc, isu_staff, identity):
    budget = BudgetFactory(
        convention=apmbc, year=2027, status=Status.APPROVED, **identity
    )
    services.budget_circulate(budget=budget, actor=isu_staff, on=timezone.localdate())
    assert Budget.objects.get(pk=budget.pk).status == Status.CIRCULATED
