"""ism.api_filters.FilterBackend: the view's filter set is built only when the
request names one of its parameters (a list without filters filters nothing),
and then as django-filter builds it: the same rows, the same 400s."""

from __future__ import annotations

import django_filters
import pytest

from ism.api_filters import FilterBackend


@pytest.fixture
def filtersets_built(monkeypatch):
    built = []
    init = django_filters.FilterSet.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self).__name__)
        init(self, *args, **kwargs)

    monkeypatch.setattr(django_filters.FilterSet, "__init__", counting)
    return built


def test_a_list_without_filters_builds_no_filter_set(client, apmbc, filtersets_built):
    assert client.get("/api/v1/states/").status_code == 200
    assert client.get("/api/v1/conventions/?page=1&ordering=code").status_code == 200
    assert filtersets_built == []


def test_a_filter_named_builds_it_and_filters(client, apmbc, ccm, filtersets_built):
    assert [c["code"] for c in _rows(client, "?code=CCM")] == ["CCM"]
    assert filtersets_built
    answer = client.get("/api/v1/conventions/?financing_model=grants")
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"]["financing_model"]


def _rows(client, query: str) -> list[dict]:
    data = client.get(f"/api/v1/conventions/{query}").json()
    return data["results"] if isinstance(data, dict) else data


@pytest.mark.parametrize(
    ("parameter", "names"),
    [
        ("status", True),
        ("status_min", True),
        ("year", True),
        ("format", False),
        ("page", False),
        ("ordering", False),
        ("lang", False),
        ("statuses", False),
    ],
)
def test_only_a_filters_own_parameters_name_it(parameter, names):
    from workplans.api import WorkPlanViewSet

    view = WorkPlanViewSet()
    pattern = FilterBackend()._parameters(view, None)
    assert bool(pattern.match(parameter)) is names
