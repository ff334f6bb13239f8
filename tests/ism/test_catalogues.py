"""The six languages stay complete (issue 18): every catalogue under locale/ has a
translation for every string the code and templates mark, none fuzzy, and the
compiled catalogue Django reads (.mo, committed) is the one its .po makes.
`make messages` brings them up to date; the README says how to translate."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

# Reads the catalogues and no day: run once in CI (real_day, pyproject.toml).
pytestmark = pytest.mark.real_day

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]


def locale_dir(code: str) -> str:
    """Django's directory name for a language code: zh-hans → zh_Hans."""
    from django.utils.translation import to_locale

    return to_locale(code)


def catalogue(code: str, root: Path = ROOT) -> Path:
    return root / "locale" / locale_dir(code) / "LC_MESSAGES" / "django.po"


def msgids(path: Path) -> set[tuple[str, str]]:
    """(msgctxt, msgid) of every entry but the header, read by gettext's own
    msgattrib (one line each with --no-wrap)."""
    text = subprocess.run(
        ["msgattrib", "--no-wrap", "--no-obsolete", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = set()
    for block in text.split("\n\n"):
        context = re.search(r'^msgctxt "(.*)"$', block, re.M)
        msgid = re.search(r'^msgid "(.*)"$', block, re.M)
        if msgid and msgid.group(1):
            found.add((context.group(1) if context else "", msgid.group(1)))
    return found


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(code):
    answer = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue(code))],
        capture_output=True,
        text=True,
    )
    assert answer.returncode == 0, answer.stderr
    statistics = answer.stderr.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ translated messages\.", statistics), statistics


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_compiled_catalogue_is_the_one_its_source_makes(code, tmp_path):
    source = catalogue(code)
    made = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", str(made), str(source)], check=True
    )
    compiled = source.with_suffix(".mo")
    assert compiled.read_bytes() == made.read_bytes(), (
        f"{compiled.relative_to(ROOT)} is stale: run `make messages`"
    )


def test_every_marked_string_is_in_the_catalogues(tmp_path):
    """makemessages run on a copy of the code finds no string the catalogues
    lack: a string marked and not yet translated fails here, not in front of a
    delegate."""
    copy = tmp_path / "ism"
    skip = shutil.ignore_patterns(
        ".git",
        ".venv",
        "node_modules",
        "var",
        "staticfiles",
        "tests",
        "bench",
        "__pycache__",
        "*.mo",
    )
    shutil.copytree(ROOT, copy, ignore=skip, symlinks=True)
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            "manage.py",
            "makemessages",
            "-l",
            locale_dir(LANGUAGES[0]),
            "--no-obsolete",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"ISM_DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    missing = msgids(catalogue(LANGUAGES[0], copy)) - msgids(catalogue(LANGUAGES[0]))
    assert not missing, f"not in the catalogues (run `make messages`): {missing}"
    expected = msgids(catalogue(LANGUAGES[0]))
    for code in LANGUAGES[1:]:
        assert msgids(catalogue(code)) == expected, code
