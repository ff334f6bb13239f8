"""A Python client generated from the API's OpenAPI document
(openapi-python-client, the generator most Python users reach for) works against a
running ISM: anonymous calls read public data, and sending back an answer's ETag
gets a 304 the client returns as a response, not as an error or a parse failure.
The document says every GET can answer 304 (ism/api_schema.py); this shows a
generated client takes it at its word."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import need
from tests.factories import ConventionFactory, StateFactory

PACKAGE = "ism_generated_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """The folder holding the generated package: made from the document
    `manage.py spectacular` writes, offline, with no formatter run over it (what
    is tested is the generator's code, not ruff's)."""
    need(GENERATOR.exists(), "openapi-python-client is not installed (dev extra)")
    root = tmp_path_factory.mktemp("client")
    document = root / "openapi.yaml"
    call_command("spectacular", "--file", str(document))
    config = root / "config.yaml"
    config.write_text("post_hooks: []\n")
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(document),
            "--config",
            str(config),
            "--meta",
            "none",
            "--output-path",
            str(root / PACKAGE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # The generator only warns of what it leaves out: the PDF answers, whose
    # content type it does not read. Nothing else may be dropped.
    dropped = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("WARNING") and "/pdf/" not in line
    ]
    assert dropped == [], result.stdout
    return root


@pytest.fixture
def client_module(generated, monkeypatch):
    monkeypatch.syspath_prepend(str(generated))
    yield importlib.import_module(PACKAGE)
    for name in [n for n in sys.modules if n.split(".")[0] == PACKAGE]:
        del sys.modules[name]


def call(module: str, client, **kwargs):
    return importlib.import_module(f"{PACKAGE}.api.{module}").sync_detailed(
        client=client, **kwargs
    )


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_generated_client_lists_and_gets_a_304_back(
    client_module, live_server
):
    ConventionFactory(code="APMBC")
    StateFactory(name="Norway", iso3="NOR", iso2="NO")

    def client(**headers):
        return client_module.Client(
            base_url=live_server.url, headers=headers, raise_on_unexpected_status=True
        )

    for module, read, expected in (
        ("conventions.conventions_list", lambda page: page.results[0].code, "APMBC"),
        ("states.states_list", lambda page: page.results[0].iso3, "NOR"),
    ):
        with client() as anonymous:
            first = call(module, anonymous)
        assert first.status_code == 200, first.content
        assert first.parsed.count == 1
        assert read(first.parsed) == expected
        etag = first.headers["ETag"]

        with client(**{"If-None-Match": etag}) as conditional:
            again = call(module, conditional)
        assert again.status_code == 304
        assert again.content == b""
        assert again.parsed is None  # "no body", as the document says
        assert again.headers["ETag"] == etag
