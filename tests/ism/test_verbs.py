"""Every verb the code records in the audit trail reads in the page's language."""

from __future__ import annotations

import ast
import re

import pytest
from django.utils import translation

from ism.verbs import PATTERNS, VERBS, verb_text
from tests.validators import ROOT

# Reads code and catalogues, no day: run once in CI (real_day, pyproject.toml).
pytestmark = pytest.mark.real_day

APPS = ["ism", "budgets", "meetings", "reporting", "workplans"]


def recorded_verbs() -> tuple[set[str], set[str]]:
    """(the verbs written as a literal, the shapes of those built from parts: an
    f-string with each part it fills in as "{}") of every `verb=` argument and
    `audit_verb` in the apps' code."""
    literal, shapes = set(), set()

    def take(value: ast.expr) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            literal.add(value.value)
        elif isinstance(value, ast.JoinedStr):
            shapes.add(
                "".join(
                    part.value if isinstance(part, ast.Constant) else "{}"
                    for part in value.values
                )
            )
        elif isinstance(value, ast.IfExp):
            take(value.body)
            take(value.orelse)

    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if {"migrations", "commands"} & set(path.parts):
                continue  # a command's "verb" is what it prints
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                for value in _verbs_in(node):
                    take(value)
    return literal, shapes


def _verbs_in(node: ast.AST) -> list[ast.expr]:
    """The expressions `node` records as a verb: `verb=...`, `verb = ...`,
    `audit_verb = ...`, and the first argument of the services' own `_audit(verb,
    ...)` helpers."""
    if isinstance(node, ast.keyword) and node.arg == "verb":
        return [node.value]
    if isinstance(node, ast.Assign) and {"verb", "audit_verb"} & {
        getattr(target, "id", "") for target in node.targets
    }:
        return [node.value]
    if (
        isinstance(node, ast.Call)
        and getattr(node.func, "id", "") in ("_audit", "_audit_event")
        and node.args
    ):
        return [node.args[0]]
    return []


def test_the_code_records_verbs_and_every_literal_one_is_listed():
    literal, _ = recorded_verbs()
    assert len(literal) > 50
    assert literal - VERBS == set()


def test_every_verb_built_from_parts_has_a_pattern_or_lists_each_value():
    _, shapes = recorded_verbs()
    assert shapes, "the scan finds the f-string verbs"
    for shape in shapes:
        example = shape.replace("{}", "A")
        patterned = any(pattern.fullmatch(example) for pattern, _ in PATTERNS)
        listed = any(
            re.fullmatch(re.escape(shape).replace(r"\{\}", r"\w+"), v) for v in VERBS
        )
        assert patterned or listed, shape


@pytest.mark.parametrize(
    ("verb", "language", "expected"),
    [
        ("report opened", "fr", "rapport ouvert"),
        ("form B saved", "fr", "formulaire B enregistré"),
        ("meeting cancelled", "es", "reunión cancelada"),
        ("an unknown verb", "fr", "an unknown verb"),
    ],
)
def test_a_verb_reads_in_the_active_language(verb, language, expected):
    with translation.override(language):
        assert verb_text(verb) == expected
