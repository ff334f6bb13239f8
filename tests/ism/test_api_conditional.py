"""Conditional requests on the API (ism.api_http): an ETag of the answer's bytes and
a Last-Modified that moves whenever the answer changes, with or without a write;
304 only when the client holds exactly what it would be sent."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
import uuid

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from ism import api_http
from ism.models import Committee
from tests.budgets.contrib import issue_invoice
from tests.conftest import bearer, need

pytestmark = pytest.mark.django_db


class Clock:
    """The stamps' clock, stepped by hand: an answer that changes within the
    second it was last sent is the case that matters, and must not be left to
    chance."""

    def __init__(self):
        self.now = math.floor(time.time()) + 0.25

    def step(self, seconds: int = 1) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(api_http, "_clock", lambda: clock.now)
    return clock


@pytest.fixture
def url():
    """A URL no other test asks for: stamps are kept per URL, in a cache that
    outlives each test."""

    def make(path: str) -> str:
        return f"{path}?nonce={uuid.uuid4().hex}"

    return make


@pytest.fixture
def staff_invoices(client_for, isu_staff, apmbc, state_a, url) -> tuple[Client, str]:
    """ISU staff's client, and a URL of the invoice list with one invoice."""
    issue_invoice(apmbc, state_a, "1000.00")
    return client_for(isu_staff), url("/api/v1/invoices/")


def tag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def numbers(response) -> list[str]:
    return [row["number"] for row in response.json()["results"]]


def test_an_answer_is_tagged_with_the_sha256_of_its_bytes(staff_invoices, clock):
    client, path = staff_invoices
    response = client.get(path)
    assert response.status_code == 200
    assert response["ETag"] == tag_of(response.content)
    assert response["Last-Modified"] == http_date(math.floor(clock.now))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-cache"} <= directives
    vary = {v.strip() for v in response["Vary"].split(",")}
    assert {"Accept", "Authorization", "Cookie"} <= vary


def test_a_second_get_with_the_etag_is_a_304_without_a_body(staff_invoices, clock):
    client, path = staff_invoices
    first = client.get(path)
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    for header in ("ETag", "Last-Modified", "Cache-Control", "Vary"):
        assert again[header] == first[header], header
    # A weak form of the same tag matches too (If-None-Match compares weakly).
    weak = client.get(path, HTTP_IF_NONE_MATCH=f'"other", W/{first["ETag"]}')
    assert weak.status_code == 304


def test_a_new_invoice_is_a_new_answer_with_a_new_etag(
    client_for, isu_staff, apmbc, state_a, state_b, url, clock
):
    a = issue_invoice(apmbc, state_a, "1000.00")
    client = client_for(isu_staff)
    path = url("/api/v1/invoices/")
    first = client.get(path)
    b = issue_invoice(apmbc, state_b, "3000.00")
    second = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert sorted(numbers(second)) == sorted([a.number, b.number])
    assert second["ETag"] == tag_of(second.content) != first["ETag"]


def test_if_modified_since_with_the_last_modified_is_a_304(
    client, coordinating_committee, url, clock
):
    path = url("/api/v1/committees/")
    first = client.get(path)
    assert first.json()["count"] == 1
    clock.step(30)
    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["Last-Modified"] == first["Last-Modified"]
    assert again["ETag"] == first["ETag"]


def test_a_rename_within_the_same_second_is_a_200_with_a_later_last_modified(
    client, coordinating_committee, url, clock
):
    path = url("/api/v1/committees/")
    first = client.get(path)
    # An update that leaves no timestamp, in the second the answer was sent.
    Committee.objects.filter(pk=coordinating_committee.pk).update(name="Renamed")
    second = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert second.status_code == 200
    assert [row["name"] for row in second.json()["results"]] == ["Renamed"]
    # Its stamp is ahead of the clock: it is not sent until its second has come.
    assert "Last-Modified" not in second
    clock.step()
    third = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert third.status_code == 200
    assert parse_http_date(third["Last-Modified"]) > parse_http_date(
        first["Last-Modified"]
    )
    fourth = client.get(path, HTTP_IF_MODIFIED_SINCE=third["Last-Modified"])
    assert fourth.status_code == 304


def test_a_deletion_is_a_new_answer(
    client, coordinating_committee, thematic_committee, url, clock
):
    path = url("/api/v1/committees/")
    first = client.get(path)
    assert first.json()["count"] == 2
    clock.step(5)
    thematic_committee.delete()
    second = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert second.status_code == 200
    assert second.json()["count"] == 1
    assert parse_http_date(second["Last-Modified"]) > parse_http_date(
        first["Last-Modified"]
    )


def test_an_invoice_overdue_by_the_calendar_alone_is_a_new_answer(
    client_for, focal_a, apmbc, state_a, url, clock, monkeypatch
):
    today = timezone.localdate()
    issue_invoice(
        apmbc,
        state_a,
        "1000.00",
        issue_date=today - dt.timedelta(days=30),
        due_date=today,
    )
    client = client_for(focal_a)
    path = url("/api/v1/invoices/")
    first = client.get(path)
    assert first.json()["results"][0]["status"] == "issued"
    # Tomorrow: nothing was written, yet the invoice is overdue.
    monkeypatch.setattr(timezone, "localdate", lambda *a: today + dt.timedelta(1))
    clock.step(86400)
    by_tag = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    by_date = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    for response in (by_tag, by_date):
        assert response.status_code == 200
        assert response.json()["results"][0]["status"] == "overdue"
    assert parse_http_date(by_date["Last-Modified"]) > parse_http_date(
        first["Last-Modified"]
    )


def test_if_none_match_decides_over_if_modified_since(
    client, coordinating_committee, url, clock
):
    path = url("/api/v1/committees/")
    first = client.get(path)
    both = client.get(
        path,
        HTTP_IF_NONE_MATCH='"not-this-one"',
        HTTP_IF_MODIFIED_SINCE=first["Last-Modified"],
    )
    assert both.status_code == 200


def test_head_is_answered_with_the_same_validators(
    client, coordinating_committee, url, clock
):
    path = url("/api/v1/committees/")
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == 200
    assert head["ETag"] == get["ETag"]
    assert client.head(path, HTTP_IF_NONE_MATCH=get["ETag"]).status_code == 304


@pytest.fixture
def five_clients(
    isu_staff, focal_a, apmbc, state_a, focal_a_token, dashboard_token
) -> dict[str, tuple[Client, dict]]:
    """The same URL asked for by five clients of different reach."""
    return {
        "anonymous": (Client(), {}),
        "dashboard token": (Client(), bearer(dashboard_token)),
        "focal point A": (logged_in(focal_a), {}),
        "State A token": (Client(), bearer(focal_a_token)),
        "ISU staff": (logged_in(isu_staff), {}),
    }


def test_each_client_gets_the_etag_of_its_own_answer(
    five_clients, apmbc, state_a, state_b, url, clock
):
    issue_invoice(apmbc, state_a, "1000.00")
    issue_invoice(apmbc, state_b, "3000.00")
    path = url("/api/v1/invoices/")
    answers = {
        name: client.get(path, **headers)
        for name, (client, headers) in five_clients.items()
    }
    counts = {name: r.json()["count"] for name, r in answers.items()}
    assert counts == {
        "anonymous": 0,
        "dashboard token": 0,
        "focal point A": 1,
        "State A token": 1,
        "ISU staff": 2,
    }
    for one, first in answers.items():
        for other, second in answers.items():
            same_bytes = first.content == second.content
            assert (first["ETag"] == second["ETag"]) == same_bytes, (one, other)
    assert answers["anonymous"]["ETag"] != answers["focal point A"]["ETag"]
    assert answers["focal point A"]["ETag"] != answers["ISU staff"]["ETag"]


def test_no_client_gets_a_304_for_another_clients_validators(
    five_clients, apmbc, state_a, state_b, url, clock
):
    issue_invoice(apmbc, state_a, "1000.00")
    issue_invoice(apmbc, state_b, "3000.00")
    path = url("/api/v1/invoices/")
    # All first asked within one second: a stamp per client and second would
    # give them all the same Last-Modified. Each gets its own, the later ones
    # ahead of the clock (sent once their second has come).
    for client, headers in five_clients.values():
        client.get(path, **headers)
    clock.step(len(five_clients))
    answers = {
        name: client.get(path, **headers)
        for name, (client, headers) in five_clients.items()
    }
    stamps = [r["Last-Modified"] for r in answers.values()]
    assert len(set(stamps)) == len(stamps)
    for name, (client, headers) in five_clients.items():
        own = answers[name]
        for other, theirs in answers.items():
            if theirs.content == own.content:
                continue
            by_tag = client.get(path, HTTP_IF_NONE_MATCH=theirs["ETag"], **headers)
            by_date = client.get(
                path, HTTP_IF_MODIFIED_SINCE=theirs["Last-Modified"], **headers
            )
            assert (by_tag.status_code, by_date.status_code) == (200, 200), (
                name,
                other,
            )
            assert by_tag.content == by_date.content == own.content
        mine = client.get(path, HTTP_IF_MODIFIED_SINCE=own["Last-Modified"], **headers)
        assert mine.status_code == 304, name


def test_a_csv_answer_has_validators_of_its_own(staff_invoices, clock):
    client, path = staff_invoices
    as_json = client.get(path)
    as_csv = client.get(path + "&format=csv")
    assert as_csv["ETag"] == tag_of(as_csv.content) != as_json["ETag"]
    again = client.get(path + "&format=csv", HTTP_IF_NONE_MATCH=as_csv["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_errors_and_writes_get_no_validators_but_vary(client, db):
    missing = client.get("/api/v1/conventions/NOPE/")
    assert missing.status_code == 404
    assert "ETag" not in missing
    assert "Cookie" in missing["Vary"]
    refused = client.post("/api/v1/conventions/", {})
    assert refused.status_code in (403, 405)
    assert "ETag" not in refused
    assert "Last-Modified" not in refused


def test_stamps_are_shared_by_every_worker_through_redis(
    redis_url, client, coordinating_committee, url, clock, monkeypatch
):
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    need(
        isinstance(caches["default"], RedisCache),
        "needs the cache on Redis: set REDIS_URL",
    )
    path = url("/api/v1/committees/")
    first = client.get(path)
    # Another worker process: its own connection to the same Redis.
    monkeypatch.setattr(api_http, "cache", caches.create_connection("default"))
    again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304
