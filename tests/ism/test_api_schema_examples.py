"""The API's documentation: every operation of /api/v1/ in the OpenAPI schema has a
summary, says who sees what, and shows an example of each response that matches
that response's schema; the schema itself matches what the endpoints answer; the
docs page runs on assets ISM serves itself; every list has a stable order."""

from __future__ import annotations

import copy
import re
from io import StringIO
from urllib.parse import urlsplit

import jsonschema
import pytest
from django.core.management import call_command
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from ism.api import router

AUDIENCES = (
    "Anonymous clients:",
    "A dashboard token",
    "A State's token",
    "ISU staff and auditors",
)


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema: dict):
    for path, item in schema["paths"].items():
        if not path.startswith("/api/v1/"):
            continue
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


# --- OpenAPI 3.0 → JSON Schema --------------------------------------------------------


def _json_schema(node):
    """An OpenAPI 3.0 schema as a JSON Schema (2020-12): `nullable` becomes "or
    null", and an object's properties are all it may have, so an example cannot
    misspell or invent a field (what the serializers give has no others)."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "properties":
            result[key] = {name: _json_schema(sub) for name, sub in value.items()}
        elif key in ("example", "examples", "nullable"):
            continue
        else:
            result[key] = _json_schema(value)
    if "properties" in result and "additionalProperties" not in result:
        result["additionalProperties"] = False
    if node.get("nullable"):
        result = {"anyOf": [result, {"type": "null"}]}
    return result


def validator_for(schema: dict, response_schema: dict) -> jsonschema.Validator:
    """A validator of `response_schema` whose $refs (#/components/schemas/…)
    resolve in `schema`'s components."""
    root = {
        **_json_schema(response_schema),
        "components": {"schemas": _json_schema(schema["components"]["schemas"])},
    }
    cls = jsonschema.Draft202012Validator
    cls.check_schema(root)
    return cls(root, format_checker=cls.FORMAT_CHECKER)


def example_errors(schema: dict) -> list[str]:
    """Every example of every response that does not match its schema."""
    errors = []
    for name, operation in operations(schema):
        for status, response in operation["responses"].items():
            for media_type, content in response.get("content", {}).items():
                if not content.get("examples"):
                    continue
                validator = validator_for(schema, content["schema"])
                for label, example in content["examples"].items():
                    errors.extend(
                        f"{name} {status} {media_type} {label!r}: {error.message} "
                        f"at {list(error.absolute_path)}"
                        for error in validator.iter_errors(example["value"])
                    )
    return errors


def documentation_gaps(schema: dict) -> list[str]:
    """What an operation lacks: a summary, who sees what, an example of each JSON
    success response, the errors every endpoint may answer."""
    gaps = []
    for name, operation in operations(schema):
        if not operation.get("summary"):
            gaps.append(f"{name}: no summary")
        description = operation.get("description", "")
        gaps.extend(
            f"{name}: the description does not say what {audience!r} sees"
            for audience in AUDIENCES
            if audience not in description
        )
        responses = operation["responses"]
        successes = {code: r for code, r in responses.items() if code.startswith("2")}
        if not successes:
            gaps.append(f"{name}: no success response")
        for code, response in successes.items():
            content = response.get("content", {})
            if not content:
                gaps.append(f"{name} {code}: no content")
            for media_type, body in content.items():
                if media_type == "application/json":
                    if not body.get("examples"):
                        gaps.append(f"{name} {code}: no example")
                elif body["schema"].get("type") != "string":
                    # A file (a PDF) or a text (a CSV table) is not an object.
                    gaps.append(f"{name} {code} {media_type}: neither JSON nor text")
        for code in ("401", "429"):
            if code not in responses:
                gaps.append(f"{name}: {code} not documented")
            elif not responses[code]["content"]["application/json"].get("examples"):
                gaps.append(f"{name}: {code} without an example")
    return gaps


def test_it_documents_every_operation_with_a_summary_its_audience_and_examples(
    schema,
):
    assert len(list(operations(schema))) >= 20
    assert documentation_gaps(schema) == []


def test_it_finds_an_operation_without_an_example(schema):
    broken = copy.deepcopy(schema)
    ok = broken["paths"]["/api/v1/meetings/"]["get"]["responses"]["200"]
    del ok["content"]["application/json"]["examples"]
    broken["paths"]["/api/v1/states/{iso3}/"]["get"].pop("summary")
    assert documentation_gaps(broken) == [
        "GET /api/v1/meetings/ 200: no example",
        "GET /api/v1/states/{iso3}/: no summary",
    ]


def test_every_example_matches_its_response_schema(schema):
    assert example_errors(schema) == []


def test_it_finds_an_example_that_does_not_match_its_schema(schema):
    broken = copy.deepcopy(schema)
    content = broken["paths"]["/api/v1/budgets/{id}/"]["get"]["responses"]["200"]
    (example,) = content["content"]["application/json"]["examples"].values()
    example["value"]["total"]["amount"] = 769221.0  # a float, never
    example["value"]["totl"] = example["value"].pop("title")  # misspelt
    errors = example_errors(broken)
    assert len(errors) == 3, errors
    assert "769221.0 is not of type 'string'" in " ".join(errors)
    assert "'title' is a required property" in " ".join(errors)
    assert "'totl' was unexpected" in " ".join(errors)


def test_list_examples_come_in_the_paginated_envelope(schema):
    lists = [
        (name, operation)
        for name, operation in operations(schema)
        if "Paginated" in _json_content(operation)["schema"].get("$ref", "")
    ]
    assert {name for name, _ in lists} == {
        # A list under one row: its regex prefix as the schema's path template.
        "GET /api/v1/{}/".format(re.sub(r"\(\?P<(\w+)>[^)]+\)", r"{\1}", prefix))
        for prefix, viewset, _ in router.registry
        if viewset in _list_viewsets()
    }
    for name, operation in lists:
        for example in _json_content(operation)["examples"].values():
            assert set(example["value"]) == {"count", "next", "previous", "results"}
            assert len(example["value"]["results"]) == 1, name


def _json_content(operation: dict) -> dict:
    content = operation["responses"]["200"]["content"]
    return content.get("application/json", {"schema": {}})


def test_the_schema_validates_without_a_warning(tmp_path):
    # Warnings of an earlier generation in this process would count here.
    GENERATOR_STATS.reset()
    out = tmp_path / "schema.yaml"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(out),
        stderr=StringIO(),
    )
    assert "/api/v1/budgets/{id}/pdf/" in out.read_text(encoding="utf-8")


# --- The schema against the endpoints -------------------------------------------------


# `demo`: the demo world, loaded once for this module (tests/conftest.py).


def test_what_the_endpoints_answer_matches_the_schema(client, demo, schema, superuser):
    """With the demo's data, as the one who sees everything: each list, its first
    row's detail and each aggregate, validated against its documented schema."""
    client.force_login(superuser)
    requests = {
        "/api/v1/contributions/status/": "?convention=CCM&year=2024",
        "/api/v1/reporting-rates/": "?convention=APMBC",
    }
    checked = []
    for name, _ in operations(schema):
        path = name.split(" ", 1)[1]
        if "{" in path:
            continue
        body = client.get(path + requests.get(path, "")).json()
        bodies = [(path, body)]
        if isinstance(body, dict) and body.get("results"):
            detail = body["results"][0].get("url")
            if detail is None:
                key = next(k for k in ("code", "iso3", "id") if k in body["results"][0])
                detail = f"{path}{body['results'][0][key]}/"
            bodies.append((urlsplit(detail).path, client.get(detail).json()))
            movements = bodies[-1][1].get("movements_url")
            if movements:  # a fund's ledger, the one list under a detail
                bodies.append((urlsplit(movements).path, client.get(movements).json()))
        for url, answer in bodies:
            template = _template(schema, url)
            response = schema["paths"][template]["get"]["responses"]["200"]
            validator = validator_for(
                schema, response["content"]["application/json"]["schema"]
            )
            errors = [e.message for e in validator.iter_errors(answer)]
            assert errors == [], url
            checked.append(template)
    assert set(checked) == {
        name.split(" ", 1)[1]
        for name, operation in operations(schema)
        if "application/json" in operation["responses"]["200"]["content"]
    }


def _template(schema: dict, url: str) -> str:
    for template in schema["paths"]:
        pattern = re.sub(r"\{[^}]+\}", "[^/]+", template)
        if re.fullmatch(pattern, url):
            return template
    raise AssertionError(f"no path of the schema matches {url}")


def test_the_documented_errors_are_the_ones_the_api_gives(client, db, schema):
    documented = schema["paths"]["/api/v1/conventions/{code}/"]["get"]["responses"]
    (example,) = documented["404"]["content"]["application/json"]["examples"].values()
    response = client.get("/api/v1/conventions/NOPE/")
    assert response.status_code == 404
    assert response.json() == example["value"]
    documented = schema["paths"]["/api/v1/budgets/"]["get"]["responses"]
    answers = {
        "400": client.get("/api/v1/budgets/?status=final").json(),
        "401": client.get(
            "/api/v1/budgets/", HTTP_AUTHORIZATION="Bearer ism_abc_def"
        ).json(),
        "404": client.get("/api/v1/budgets/?page=9").json(),
    }
    for status, answer in answers.items():
        content = documented[status]["content"]["application/json"]
        (example,) = content["examples"].values()
        assert answer == example["value"], status


# --- The docs page --------------------------------------------------------------------


def test_the_docs_page_loads_only_what_ism_serves(client, db, settings):
    # As in production, where collectstatic gathered them: WhiteNoise serves the
    # apps' static files (here from the finders, read when the client starts).
    settings.WHITENOISE_USE_FINDERS = True
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'<(?:script|link)[^>]*?(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 5, assets
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, url
    for url in assets:
        asset = client.get(url.replace("&amp;", "&"))
        assert asset.status_code == 200, url
        body = b"".join(asset.streaming_content) if asset.streaming else asset.content
        asset.close()
        assert body, url
    script = next(url for url in assets if "?script" in url)
    start_up = client.get(script.replace("&amp;", "&")).content.decode()
    assert "/api/schema/" in start_up
    assert not re.search(r"https?://", start_up)


def test_the_schema_lists_the_token_scheme(schema):
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


# --- Ordering -------------------------------------------------------------------------


def _list_viewsets():
    return [
        viewset
        for _, viewset, _ in router.registry
        if hasattr(viewset, "get_queryset") and hasattr(viewset, "list")
    ]


@pytest.mark.parametrize("viewset", _list_viewsets(), ids=lambda v: v.__name__)
def test_every_list_has_a_stable_default_order(viewset):
    """Pages do not repeat or skip rows: the default order ends on a unique field."""
    model = viewset(action="list").get_serializer_class().Meta.model
    last = viewset.ordering[-1].lstrip("-")
    field = model._meta.pk if last in ("pk", "id") else model._meta.get_field(last)
    assert field.unique, f"{viewset.__name__} ends its order on {last}"
    assert viewset.ordering_fields


def test_the_ordering_parameter_lists_the_fields(schema):
    parameters = schema["paths"]["/api/v1/budgets/"]["get"]["parameters"]
    (ordering,) = [p for p in parameters if p["name"] == "ordering"]
    assert set(ordering["schema"]["items"]["enum"]) == {
        "year",
        "-year",
        "convention__code",
        "-convention__code",
        "status",
        "-status",
        "id",
        "-id",
    }
    assert "convention__code,-year,-version,id" in ordering["description"]
