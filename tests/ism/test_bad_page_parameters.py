"""The values issue 15 §3 found making pages answer 500: each is now a 400 that
says which parameter is wrong (ism.params), and a good value still works."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.budgets.contrib import issue_invoice_today

pytestmark = pytest.mark.django_db

# (URL name, arguments, query, parameter the refusal names), as APMBC staff.
REFUSED = [
    ("meetings:index", [], "year=10000", "year"),
    ("meetings:index", [], "year=2147483648", "year"),
    ("meetings:index", [], "year=%C2%B2", "year"),
    ("meetings:index", [], "committee=%C2%B2", "committee"),
    ("meetings:calendar", [], "month=9999-12", "month"),
    ("meetings:calendar", [], "month=1-1", "month"),
    ("meetings:create", [], "convention=%C2%B2", "convention"),
    ("meetings:programme-create", [], "convention=AP%20MBC", "convention"),
    ("budgets:invoice-list", ["APMBC"], "year=%C2%B2", "year"),
    ("budgets:invoice-list", ["APMBC"], "state=N%27OR", "state"),
    ("budgets:payment-new", ["APMBC"], "invoice=%C2%B2", "invoice"),
    ("budgets:contributions-status", ["APMBC"], "year=-1", "year"),
    ("budgets:contributions", [], "year=99999", "year"),
    ("budgets:new", [], "convention=%C2%B2", "convention"),
]


@pytest.mark.parametrize(("name", "args", "query", "parameter"), REFUSED)
def test_it_refuses_a_bad_value_with_a_400_naming_the_parameter(
    client_for, isu_staff, name, args, query, parameter
):
    response = client_for(isu_staff).get(f"{reverse(name, args=args)}?{query}")

    assert response.status_code == 400
    assert parameter in response.content.decode()


def test_the_same_pages_answer_good_values(client_for, isu_staff, apmbc, state_a):
    invoice = issue_invoice_today(apmbc, state_a, "100.00", due_in_days=30)
    year = timezone.localdate().year
    client = client_for(isu_staff)
    good = [
        f"{reverse('meetings:index')}?year={year}",
        f"{reverse('meetings:calendar')}?month={year}-02",
        f"{reverse('meetings:create')}?convention=apmbc",
        f"{reverse('budgets:invoice-list', args=['APMBC'])}?year={year}&state=nor",
        f"{reverse('budgets:payment-new', args=['APMBC'])}?invoice={invoice.pk}",
        f"{reverse('budgets:contributions-status', args=['APMBC'])}?year={year}",
        f"{reverse('budgets:new')}?convention=APMBC",
    ]
    for url in good:
        assert client.get(url).status_code == 200, url
