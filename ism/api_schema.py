"""What drf-spectacular's OpenAPI document needs besides the views: declared tags,
a server and a contact, real pagination links in the examples, and the 304 every
GET can answer. Checked by Spectral's `spectral:oas` ruleset in
tests/ism/test_openapi_spectral.py. (Nullable references are OpenAPI 3.1's `oneOf`
with a null type, settings OAS_VERSION: 3.0's `nullable` beside `allOf` fails
validators.)

Registered in settings.SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"] after
drf-spectacular's own enum hook."""

from __future__ import annotations

import re

from django.conf import settings

# One tag per resource: the first path segment after /api/v1/ (SCHEMA_PATH_PREFIX).
TAGS = [
    {"name": "budgets", "description": "Each convention's ISU budgets by year."},
    {"name": "committees", "description": "The conventions' committees."},
    {
        "name": "contributions",
        "description": "Assessed contributions: what each State owes and paid.",
    },
    {"name": "conventions", "description": "The conventions ISM supports."},
    {
        "name": "funds",
        "description": "The ISUs' funds (buffer, working capital) and their ledgers.",
    },
    {"name": "invoices", "description": "Invoices (assessment notices) to States."},
    {"name": "meetings", "description": "Meetings, their agendas and documents."},
    {
        "name": "reporting-rates",
        "description": "How many States submitted their transparency reports.",
    },
    {"name": "reports", "description": "States' transparency reports (Article 7)."},
    {"name": "states", "description": "States and their status under each convention."},
    {"name": "workplans", "description": "The ISUs' work plans and their indicators."},
]

NOT_MODIFIED = {
    "description": (
        "Not modified: the answer is the one the client holds (it sent its ETag in "
        "If-None-Match or its Last-Modified in If-Modified-Since). No body."
    )
}

_PAGE_EXAMPLE = re.compile(r"^http://api\.example\.org/accounts/\?page=(\d+)$")
# The host of every example in the document (the reserved .example domain).
EXAMPLE_HOST = "https://ism.example"


def server_url() -> str:
    """Where this ISM answers (ISM_PUBLIC_URL) without a trailing slash, or, where
    that is not set, the host that serves the document ("/": the paths start with
    /api/v1/)."""
    return settings.ISM_PUBLIC_URL.rstrip("/") or "/"


def postprocess(result: dict, generator, request, public) -> dict:
    result["servers"] = [{"url": server_url(), "description": "This ISM"}]
    contact = {"name": settings.ISM_API_CONTACT_NAME}
    if settings.ISM_API_CONTACT_EMAIL:
        contact["email"] = settings.ISM_API_CONTACT_EMAIL
    result["info"]["contact"] = contact
    result["tags"] = TAGS
    for schema in result.get("components", {}).get("schemas", {}).values():
        _page_links(schema.get("properties") or {}, None)
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method == "get":
                operation["responses"].setdefault("304", NOT_MODIFIED)
                _add_language(operation)
                for example in _examples(operation):
                    _page_links(example, path)
    return result


# The 400 of a `lang` not among the six, on a GET that has no other.
_LANGUAGE_ERROR = "lang must be one of en, fr, es, zh-hans, ru, ar."
LANGUAGE_REFUSED = {
    "description": "Bad request: `lang` is not one of the six languages.",
    "content": {
        "application/json": {
            "schema": {"$ref": "#/components/schemas/Error"},
            "examples": {
                "BadLanguage": {
                    "value": {
                        "error": {
                            "status": 400,
                            "code": "invalid",
                            "detail": _LANGUAGE_ERROR,
                            "fields": {"lang": [_LANGUAGE_ERROR]},
                        }
                    }
                }
            },
        }
    },
}


def language_parameter() -> dict:
    """`?lang=`: the language of the answer (ism.middleware.UserLanguageMiddleware)."""
    return {
        "name": "lang",
        "in": "query",
        "required": False,
        "description": (
            "The language of the answer: staff's text (statements, indicators, "
            "budget lines and notes, meeting and agenda titles) in its translation, "
            "or the original (English) where none has been entered, and the words "
            "ISM adds. Without it, the Accept-Language header decides. The answer "
            "says Content-Language."
        ),
        "schema": {"type": "string", "enum": [c for c, _n in settings.LANGUAGES]},
    }


def _add_language(operation: dict) -> None:
    parameters = operation.setdefault("parameters", [])
    if not any(p.get("name") == "lang" for p in parameters):
        parameters.append(language_parameter())
    operation["responses"].setdefault("400", LANGUAGE_REFUSED)


def _examples(operation: dict) -> list[dict]:
    return [
        example["value"]
        for response in operation.get("responses", {}).values()
        for content in (response.get("content") or {}).values()
        for example in (content.get("examples") or {}).values()
        if isinstance(example.get("value"), dict)
    ]


def _page_links(where: dict, path: str | None) -> None:
    """DRF's page-number pagination documents `next` and `previous` with the
    example of its own docs (http://api.example.org/accounts/?page=4), in the
    schemas and in every list's examples: give the list's own address instead
    (in an operation's examples), or none (in a schema shared by one list)."""
    for link in ("next", "previous"):
        value = where.get(link)
        holder, key = (value, "example") if isinstance(value, dict) else (where, link)
        match = _PAGE_EXAMPLE.match(str(holder.get(key) or ""))
        if match and path is None:
            del holder[key]
        elif match:
            # A list under one row (/funds/{fund_pk}/movements/): that row is 1.
            address = re.sub(r"\{[^}]+\}", "1", path)
            holder[key] = f"{EXAMPLE_HOST}{address}?page={match[1]}"
