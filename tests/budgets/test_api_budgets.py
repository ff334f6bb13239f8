"""/api/v1/budgets/: read-only, scoped by the access policy, every amount a string
with its currency, and a number of queries that does not grow with the data."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from budgets import documents
from budgets.models import Budget, BudgetLine
from budgets.tasks import budget_render_pdf
from tests.budgets.factories import (  # noqa: F401
    BudgetFactory,
    BudgetLineFactory,
    EarmarkedProjectFactory,
    FundFactory,
    FundMovementFactory,
    budget_with,
    import_reference,
    private_media,
    reference,
)

API = "/api/v1/budgets/"
APMBC = "apmbc-2026-budget.json"
CCM = "ccm-2024-budget.json"


def money(amount, currency="CHF"):
    """The JSON of an amount, built here from the published figure."""
    return {"amount": f"{Decimal(amount):.2f}", "currency": currency}


def floats_in(value) -> list:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in floats_in(v)]
    if isinstance(value, list):
        return [f for v in value for f in floats_in(v)]
    return []


def ids(response) -> set[int]:
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


# --- Amounts ---------------------------------------------------------------------


def test_the_detail_gives_every_amount_as_a_string_with_its_currency(client_for, apmbc):
    data = reference(APMBC)
    budget = import_reference(APMBC, status=Budget.Status.ADOPTED)

    body = client_for(None).get(f"{API}{budget.pk}/").json()

    expected = data["expected_totals"]
    assert body["total"] == money(expected["total"])  # "769221.00" CHF
    assert body["subtotals"] == {
        "salaries": money(568386),
        "social_security": money(110835),
        "staff_subtotal": money(expected["staff_subtotal"]),
        "operations_subtotal": money(expected["travel_and_other_subtotal"]),
        "total": money(expected["total"]),
    }
    assert Decimal(body["total_fte"]) == Decimal(data["staff"]["total_fte"])
    assert body["status"] == "adopted"
    assert [line["amount"] for line in body["lines"]] == [
        money(line["amount"])
        for line in data["lines"]
        if line["category"] == "operations"
    ]
    assert len(body["positions"]) == len(data["staff"]["positions"])
    assert [m["count"] for m in body["missions"]] == [
        m["count"] for m in data["travel"]["listed_missions"]
    ]
    assert floats_in(body) == []


def test_the_detail_has_the_buffer_fund_and_the_earmarked_project(client_for, apmbc):
    data = reference(APMBC)
    budget = import_reference(APMBC, status=Budget.Status.ADOPTED)

    body = client_for(None).get(f"{API}{budget.pk}/").json()

    [fund] = body["funds"]
    assert fund["balance"] == money(data["buffer_fund"]["balance"])
    assert fund["target"] == money(data["expected_totals"]["total"])  # one year
    assert Decimal(fund["coverage"]) == Decimal(
        data["buffer_fund"]["coverage_of_total"]
    )
    [project] = body["earmarked_projects"]
    [published] = data["earmarked_projects"]
    assert project["amount"] == money(published["amount"], published["currency"])


def test_the_detail_links_to_the_budget_document(client_for, ccm):
    budget = import_reference(CCM, status=Budget.Status.CIRCULATED)

    body = client_for(None).get(f"{API}{budget.pk}/").json()

    assert body["pdf_url"] == f"http://testserver/budgets/{budget.pk}/pdf/"
    assert body["pdf_ready"] is False


# --- Who sees what ---------------------------------------------------------------


@pytest.fixture
def adopted_and_draft(apmbc):
    adopted = import_reference(APMBC, status=Budget.Status.ADOPTED)
    draft = BudgetFactory(convention=apmbc, year=2027)
    submitted = BudgetFactory(
        convention=apmbc, year=2027, version=2, status=Budget.Status.SUBMITTED
    )
    return adopted, draft, submitted


def test_anonymous_clients_see_circulated_and_adopted_budgets_only(
    client_for, adopted_and_draft
):
    adopted, draft, _ = adopted_and_draft
    client = client_for(None)

    assert ids(client.get(API)) == {adopted.pk}
    assert client.get(f"{API}{draft.pk}/").status_code == 404


def test_other_conventions_staff_do_not_see_the_drafts(
    client_for, other_staff, adopted_and_draft
):
    adopted, draft, _ = adopted_and_draft
    client = client_for(other_staff)

    assert ids(client.get(API)) == {adopted.pk}
    assert client.get(f"{API}{draft.pk}/").status_code == 404


def test_the_conventions_isu_staff_see_its_drafts(
    client_for, isu_staff, adopted_and_draft
):
    adopted, draft, submitted = adopted_and_draft
    client = client_for(isu_staff)

    assert ids(client.get(API)) == {adopted.pk, draft.pk, submitted.pk}
    assert client.get(f"{API}{draft.pk}/").status_code == 200


def test_committee_members_see_what_was_submitted_to_them_but_not_drafts(
    client_for, committee_member, adopted_and_draft
):
    adopted, _, submitted = adopted_and_draft

    assert ids(client_for(committee_member).get(API)) == {adopted.pk, submitted.pk}


# --- Filters -------------------------------------------------------------------------


@pytest.fixture
def three_budgets(apmbc, ccm):
    return (
        import_reference(APMBC, status=Budget.Status.ADOPTED),
        import_reference(CCM, status=Budget.Status.CIRCULATED),
        BudgetFactory(convention=apmbc, year=2027),
    )


def test_it_filters_by_convention_year_and_status(client_for, auditor, three_budgets):
    apmbc_2026, ccm_2024, apmbc_2027 = three_budgets
    client = client_for(auditor)

    assert ids(client.get(API, {"convention": "APMBC"})) == {
        apmbc_2026.pk,
        apmbc_2027.pk,
    }
    assert ids(client.get(API, {"convention": "ccm"})) == {ccm_2024.pk}
    assert ids(client.get(API, {"year": 2026})) == {apmbc_2026.pk}
    assert ids(client.get(API, {"status": "draft"})) == {apmbc_2027.pk}
    assert ids(client.get(API, {"convention": "APMBC", "status": "adopted"})) == {
        apmbc_2026.pk
    }


def test_an_unknown_status_is_refused_in_the_one_error_shape(
    client_for, auditor, three_budgets
):
    response = client_for(auditor).get(API, {"status": "approved-ish"})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["status"]


def test_the_list_gives_each_total_as_a_string(client_for, three_budgets):
    data = reference(CCM)
    _, ccm_2024, _ = three_budgets

    [row] = client_for(None).get(API, {"convention": "CCM"}).json()["results"]

    assert row["id"] == ccm_2024.pk
    assert row["total"] == money(data["expected_totals"]["total"])  # 477,724
    assert row["pdf_url"].endswith(f"/budgets/{ccm_2024.pk}/pdf/")


def test_the_lists_figures_from_one_query_are_each_budgets_own(
    django_assert_num_queries, three_budgets
):
    """budget_list_figures reads the rows of every budget in one query of its
    own SQL: the same figures as each budget's from its related rows, line by
    line (a line from the mission plan, a mission without a cost, a position
    without a salary included), as Decimals in the budget's currency."""
    from budgets.calculations import figures
    from budgets.selectors import budget_list_figures
    from tests.budgets.factories import MissionFactory, StaffPositionFactory

    _apmbc_2026, ccm_2024, empty = three_budgets
    BudgetLineFactory(
        budget=ccm_2024, from_missions=True, amount=None, category="travel"
    )
    MissionFactory(budget=ccm_2024, unit_cost=None, count=3)
    MissionFactory(budget=ccm_2024, unit_cost=Money("1234.56", "CHF"), count=2)
    StaffPositionFactory(budget=ccm_2024, salary=None, fte=Decimal("0.25"))
    budgets = list(Budget.objects.filter(pk__in=[b.pk for b in three_budgets]))

    with django_assert_num_queries(1):
        listed = budget_list_figures(budgets)

    for budget in budgets:
        own = figures(budget)
        assert listed[budget.pk] == own
        assert [line.amount for line in listed[budget.pk].lines] == [
            line.amount for line in own.lines
        ]
        assert isinstance(listed[budget.pk].total.amount, Decimal)
        assert str(listed[budget.pk].total.amount) == str(own.total.amount)
    assert listed[ccm_2024.pk].missions_count == own_missions(ccm_2024)
    assert listed[empty.pk].total == Money(0, empty.currency)


def own_missions(budget) -> int:
    return sum(budget.missions.values_list("count", flat=True))


# --- The document --------------------------------------------------------------------


def test_the_document_endpoint_says_409_and_when_to_ask_again_until_ready(
    client_for, isu_staff, apmbc, monkeypatch
):
    monkeypatch.setattr(budget_render_pdf, "delay", lambda pk: None)  # a busy worker
    budget = budget_with(convention=apmbc, lines=2)

    response = client_for(isu_staff).get(f"{API}{budget.pk}/pdf/")

    assert response.status_code == 409
    assert response["Retry-After"] == "2"
    assert response.json()["error"]["code"] == "document_not_ready"


def test_the_document_endpoint_serves_the_pdf_once_rendered(
    client_for, isu_staff, apmbc, monkeypatch
):
    monkeypatch.setattr(documents, "budget_pdf_bytes", lambda b, lang=None: b"%PDF-1")
    budget = budget_with(convention=apmbc, lines=2, year=2026)
    budget_render_pdf(budget.pk)

    response = client_for(isu_staff).get(f"{API}{budget.pk}/pdf/")
    body = b"".join(response)  # read to its end: the streamed file is closed

    assert response.status_code == 200
    assert body == b"%PDF-1"
    assert 'filename="APMBC-ISU-budget-2026-v1.pdf"' in response["Content-Disposition"]


def test_the_schema_documents_the_money_shape(client_for, db):
    schema = client_for(None).get("/api/schema/?format=json").json()

    money_schema = schema["components"]["schemas"]["Money"]
    assert set(money_schema["properties"]) == {"amount", "currency"}
    assert "/api/v1/budgets/{id}/" in schema["paths"]


# --- Queries ------------------------------------------------------------------

# The same ceiling for 5 rows and for 50: the count must not grow with the data.
DETAIL_QUERIES = 18
LIST_QUERIES = 8


def a_full_budget(convention, rows: int) -> Budget:
    budget = budget_with(
        convention=convention, lines=rows, positions=rows, missions=rows, notes=rows
    )
    previous = BudgetFactory(convention=convention, year=budget.year - 1)
    BudgetLineFactory.create_batch(rows, budget=previous)
    fund = FundFactory(convention=convention)
    FundMovementFactory.create_batch(3, fund=fund)
    EarmarkedProjectFactory(convention=convention)
    return budget


@pytest.mark.parametrize("rows", [5, 50])
def test_the_detail_takes_the_same_queries_for_5_or_50_lines(
    client_for, isu_staff, apmbc, rows, django_assert_max_num_queries
):
    budget = a_full_budget(apmbc, rows)
    client = client_for(isu_staff)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"{API}{budget.pk}/")

    assert response.status_code == 200
    assert len(response.json()["lines"]) == rows


@pytest.mark.parametrize("count", [5, 30])
def test_the_list_takes_the_same_queries_for_5_or_30_budgets(
    client_for, isu_staff, apmbc, count, django_assert_max_num_queries
):
    for year in range(2000, 2000 + count):
        budget = budget_with(convention=apmbc, lines=3, year=year)
        BudgetLineFactory(
            budget=budget, category=BudgetLine.Category.TRAVEL, amount=Money(1, "CHF")
        )
    client = client_for(isu_staff)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(API)

    assert response.status_code == 200
    assert response.json()["count"] == count
