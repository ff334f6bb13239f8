"""An indicator's actual dated 9999 is refused when saved (ism.validators,
issue 15 §3), as any implausible date is."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workplans.models import Actual, Indicator

pytestmark = pytest.mark.django_db

FAR = dt.date(9999, 12, 31)


def test_an_actual_dated_9999_is_refused(demo):
    indicator = Indicator.objects.order_by("pk").first()
    actual = Actual(
        indicator=indicator,
        period_start=timezone.localdate(),
        period_end=FAR,
        value=1,
        source="minutes",
    )
    with pytest.raises(ValidationError) as exc:
        actual.full_clean(exclude=["indicator", "recorded_by"])
    assert "period_end" in exc.value.message_dict
