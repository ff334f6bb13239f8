"""The third-party validators the tests run on ISM's output, installed from npm by
`make test` (.ci/node-tools, package.json): where one is missing, a test skips —
and fails in CI (ISM_REQUIRE_SERVICES=1)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import need

ROOT = Path(__file__).resolve().parent.parent
NODE_BIN = ROOT / "node_modules" / ".bin"


def tool(name: str) -> Path:
    path = NODE_BIN / name
    need(path.exists(), f"{name} is not installed: run `bash .ci/node-tools`")
    return path


def spectral(document: Path) -> list[dict]:
    """Spectral's findings (any severity) on an OpenAPI document, with the
    project's ruleset (.spectral.yaml)."""
    out = subprocess.run(
        [
            str(tool("spectral")),
            "lint",
            str(document),
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "--format",
            "json",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert out.stdout.strip(), out.stderr
    return json.loads(out.stdout)
