"""The version an edit form carries (ism.concurrency): a save against values that
changed since the form was loaded is refused with what changed."""

from decimal import Decimal

import pytest
from djmoney.money import Money

from ism.concurrency import EditConflict, changes_since, require_unchanged, version_of


def test_an_unchanged_row_passes():
    values = {"title": "Budget", "travel": Money(Decimal("100.00"), "CHF")}
    require_unchanged(version_of(values), dict(values))


def test_a_change_meanwhile_is_refused_with_what_changed():
    loaded = {"title": "Budget", "travel": Money(Decimal("100.00"), "CHF")}
    version = version_of(loaded)
    now = {"title": "Budget 2027", "travel": Money(Decimal("120.00"), "CHF")}
    with pytest.raises(EditConflict) as refused:
        require_unchanged(version, now)
    assert refused.value.changes == {
        "title": ["Budget", "Budget 2027"],
        "travel": ["100.00", "120.00"],
    }


def test_values_equal_as_the_audit_writes_them_are_no_change():
    version = version_of({"rate": Decimal("0.60")})
    assert changes_since(version, {"rate": Decimal("0.6")}) == {}


@pytest.mark.parametrize(
    "version",
    [None, "", "forged", version_of({"a": 1})[:-2]],
    ids=["missing", "blank", "forged", "cut"],
)
def test_a_missing_or_forged_version_is_a_conflict(version):
    with pytest.raises(EditConflict) as refused:
        require_unchanged(version, {"a": 1})
    assert refused.value.changes == {}
