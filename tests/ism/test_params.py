"""URL values are read one way (ism.params): a value a page cannot use is a 400
that says which and why, never a 500 — and a NUL never reaches a view."""

import datetime as dt

import pytest
from django.test import RequestFactory

from ism import params

rf = RequestFactory()


def get(query: str):
    return rf.get("/x/?" + query)


@pytest.mark.parametrize(
    "value", ["²", "2024.5", "-1", "abc", "1e3", " 20 24", "99999999999999999999"]
)
def test_a_year_that_is_not_one_is_refused_with_its_name(value):
    with pytest.raises(params.BadParameter, match="year"):
        params.query_year(rf.get("/x/", {"year": value}))


@pytest.mark.parametrize("value", ["10000", "2147483648", "0", "1899", "2200"])
def test_a_year_out_of_the_plausible_range_is_refused(value):
    with pytest.raises(params.BadParameter, match="between 1900 and 2199"):
        params.query_year(rf.get("/x/", {"year": value}))


def test_a_year_is_read_and_a_blank_one_is_the_default():
    assert params.query_year(get("year=2031")) == 2031
    assert params.query_year(get("year="), default=7) == 7
    assert params.query_year(get(""), default=None) is None


@pytest.mark.parametrize("value", ["9999-12", "1-1", "2026-13", "2026-00", "2026/05"])
def test_a_malformed_month_is_refused(value):
    with pytest.raises(params.BadParameter, match="month"):
        params.query_month(rf.get("/x/", {"month": value}))


def test_a_month_is_its_first_day():
    assert params.query_month(get("month=2031-02")) == dt.date(2031, 2, 1)


@pytest.mark.parametrize("value", ["²", "%00", "APMBC'--", "x" * 40])
def test_a_code_of_another_shape_is_refused(value):
    with pytest.raises(params.BadParameter):
        params.query_code(rf.get("/x/", {"convention": value}), "convention")


@pytest.mark.parametrize(
    "path",
    [
        "/conventions/%00/",
        "/meetings/feeds/%00.ics",
        "/api/v1/states/%00/",
        "/meetings/?year=%00",
        "/budgets/?%00=1",
    ],
)
def test_a_nul_anywhere_in_the_url_is_a_400(client, db, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "bad_request"
        assert "NUL" in response.json()["error"]["detail"]
    else:
        assert "NUL" in response.content.decode()


@pytest.mark.parametrize("value", ["²", "", "0", "-1", "1e3", " 7", "9" * 20, None])
def test_an_id_that_is_not_one_is_none(value):
    assert params.id_or_none(value) is None


def test_an_id_is_read_from_text_or_a_number():
    assert params.id_or_none("42") == 42
    assert params.id_or_none(42) == 42
