"""Voluntary pledges: in any currency, converted for reporting at a stored, dated
rate copied onto the pledge; recorded by staff from the pledges page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from djmoney.money import Money

from budgets.contributions.selectors import contribution_status
from budgets.contributions.services import exchange_rate_record, pledge_record
from budgets.models import ExchangeRate, Pledge

pytestmark = pytest.mark.django_db


def eur_rate(rate="0.9412", date=dt.date(2026, 3, 1)):
    return exchange_rate_record(
        from_currency="EUR",
        to_currency="CHF",
        rate=Decimal(rate),
        date=date,
        source="UN operational rate of exchange",
        actor=None,
    )


def test_a_pledge_in_euros_keeps_the_rate_it_was_converted_at(apmbc, state_a):
    rate = eur_rate()
    pledge = pledge_record(
        convention=apmbc,
        state=state_a,
        year=2026,
        date=dt.date(2026, 3, 5),
        amount=Money("50000.00", "EUR"),
        exchange_rate=rate,
        actor=None,
    )
    assert pledge.amount == Money("50000.00", "EUR")
    assert pledge.rate == Decimal("0.9412")
    assert pledge.base_amount == Money("47060.00", "CHF")
    assert pledge.exchange_rate.date == dt.date(2026, 3, 1)
    status = contribution_status(convention=apmbc, year=2026)
    assert status.pledged == Money("47060.00", "CHF")


def test_a_pledge_in_another_currency_needs_a_rate(apmbc, state_a):
    with pytest.raises(ValidationError) as caught:
        pledge_record(
            convention=apmbc,
            state=state_a,
            year=2026,
            date=dt.date(2026, 3, 5),
            amount=Money("50000.00", "EUR"),
            actor=None,
        )
    assert "exchange_rate" in caught.value.message_dict


def test_the_same_rate_twice_is_one_row_and_a_different_one_is_refused():
    first = eur_rate()
    assert eur_rate() == first
    with pytest.raises(ValidationError):
        eur_rate(rate="0.95")
    assert ExchangeRate.objects.count() == 1


def test_staff_record_a_pledge_with_its_rate_from_the_page(
    client_for, isu_staff, apmbc, state_a
):
    response = client_for(isu_staff).post(
        reverse("budgets:pledge-list", args=["APMBC"]),
        {
            "state": state_a.pk,
            "year": "2026",
            "date": "2026-03-05",
            "amount": "10,000",
            "currency": "EUR",
            "rate": "0.9412",
            "rate_date": "2026-03-01",
            "rate_source": "UN operational rate of exchange",
        },
    )
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.base_amount == Money("9412.00", "CHF")
    assert pledge.exchange_rate.source == "UN operational rate of exchange"


def test_a_pledge_without_its_rate_is_refused_with_what_was_typed(
    client_for, isu_staff, apmbc, state_a
):
    response = client_for(isu_staff).post(
        reverse("budgets:pledge-list", args=["APMBC"]),
        {
            "state": state_a.pk,
            "year": "2026",
            "date": "2026-03-05",
            "amount": "10,000",
            "currency": "EUR",
            "rate_source": "UN",
        },
    )
    assert response.status_code == 400
    assert "give the rate to CHF" in response.content.decode()
    assert 'value="10,000"' in response.content.decode()
    assert not Pledge.objects.exists()


def test_a_focal_point_has_no_pledges_page(client_for, focal_a, apmbc):
    response = client_for(focal_a).get(reverse("budgets:pledge-list", args=["APMBC"]))
    assert response.status_code == 403
