"""Budget factories: rows built with the models directly, each in its budget's
currency, for tests that need a budget of a given shape (5 or 50 lines, a draft or
a circulated one). Budgets of the published figures come from the reference files
through budgets.services.budget_import (see reference_budget in conftest)."""

import json
from decimal import Decimal
from pathlib import Path

import factory
import pytest
from django.utils import timezone
from djmoney.money import Money
from factory.django import DjangoModelFactory

from budgets.models import (
    Budget,
    BudgetLine,
    BudgetNote,
    EarmarkedProject,
    Fund,
    FundMovement,
    Mission,
    StaffPosition,
)
from tests.factories import ConventionFactory


class BudgetFactory(DjangoModelFactory):
    class Meta:
        model = Budget

    convention = factory.SubFactory(ConventionFactory)
    year = 2026
    currency = factory.LazyAttribute(lambda o: o.convention.currency)
    status = Budget.Status.DRAFT
    social_security_rate = Decimal("0.195")
    # The title block a budget is circulated with (budgets.services.workflow).
    meeting = "Meeting of the States Parties"
    agenda_item = "9(h)(i)"
    document_date = factory.LazyFunction(timezone.localdate)


class StaffPositionFactory(DjangoModelFactory):
    class Meta:
        model = StaffPosition

    budget = factory.SubFactory(BudgetFactory)
    order = factory.Sequence(int)
    title = factory.Sequence(lambda n: f"Officer {n}")
    fte = Decimal("1.0")
    salary = factory.LazyAttribute(lambda o: Money(100000, o.budget.currency))


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    budget = factory.SubFactory(BudgetFactory)
    order = factory.Sequence(int)
    category = BudgetLine.Category.OTHER
    label = factory.Sequence(lambda n: f"Line {n}")
    amount = factory.LazyAttribute(lambda o: Money(1000, o.budget.currency))
    note = "what it covers"


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    budget = factory.SubFactory(BudgetFactory)
    order = factory.Sequence(int)
    purpose = factory.Sequence(lambda n: f"Mission purpose {n}")
    count = 2
    haul = Mission.Haul.LONG
    unit_cost = factory.LazyAttribute(lambda o: Money(2500, o.budget.currency))


class BudgetNoteFactory(DjangoModelFactory):
    class Meta:
        model = BudgetNote

    budget = factory.SubFactory(BudgetFactory)
    order = factory.Sequence(int)
    kind = BudgetNote.Kind.NOTE
    text = factory.Sequence(lambda n: f"Note {n}")


class FundFactory(DjangoModelFactory):
    class Meta:
        model = Fund
        django_get_or_create = ("convention", "kind")

    convention = factory.SubFactory(ConventionFactory)
    kind = Fund.Kind.BUFFER
    name = "Buffer fund"
    currency = factory.LazyAttribute(lambda o: o.convention.currency)


class FundMovementFactory(DjangoModelFactory):
    class Meta:
        model = FundMovement

    fund = factory.SubFactory(FundFactory)
    date = factory.Faker("date_object")
    kind = FundMovement.Kind.CONTRIBUTION
    amount = factory.LazyAttribute(lambda o: Money(10000, o.fund.currency))


class EarmarkedProjectFactory(DjangoModelFactory):
    class Meta:
        model = EarmarkedProject

    convention = factory.SubFactory(ConventionFactory)
    name = factory.Sequence(lambda n: f"Project {n}")
    donor = factory.Sequence(lambda n: f"Donor {n}")
    amount = Money(100000, "EUR")
    start_year = 2025
    end_year = 2029


REFERENCE = Path(__file__).resolve().parents[2] / "ism" / "reference"


def reference(name: str) -> dict:
    """A published budget from ism/reference (never ../shared)."""
    return json.loads(
        (REFERENCE / name).read_text(encoding="utf-8"), parse_float=Decimal
    )


def published_line(data: dict, label: str) -> dict:
    """The line of a reference budget file with this label."""
    return next(line for line in data["lines"] if line["label"] == label)


def import_reference(name: str, *, status: str | None = None) -> Budget:
    """The published budget `name` imported through budgets.services, optionally
    moved to `status` directly (setting the scene, not testing the workflow)."""
    from budgets.services import budget_import

    budget, _created = budget_import(data=reference(name))
    if status is not None:
        Budget.objects.filter(pk=budget.pk).update(status=status)
        budget.refresh_from_db()
    return budget


def budget_with(
    *, lines: int, positions: int = 3, missions: int = 2, notes: int = 2, **fields
):
    """A budget with `lines` operating lines (and some positions, missions, notes)."""
    budget = BudgetFactory(**fields)
    StaffPositionFactory.create_batch(positions, budget=budget)
    MissionFactory.create_batch(missions, budget=budget)
    BudgetLineFactory.create_batch(lines, budget=budget)
    BudgetNoteFactory.create_batch(notes, budget=budget)
    return budget


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Stored documents go to a folder of this test's own. Import it into a test
    module (it is autouse there) to keep the module's files apart."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
