"""Examples of the reporting API's answers, for its documentation (/api/docs/):
the demo's reports (ism/demo.py)."""

from __future__ import annotations


def _form(code: str, title: str, status: str, since: int | None, text: str) -> dict:
    return {
        "code": code,
        "title": title,
        "status": status,
        "unchanged_since": since,
        "text": text,
        "figures": [],
    }


DEMO_TEXT = (
    "Illustrative demo text: ISM's demo does not reproduce the State's report. The "
    "report the State submitted is published on the convention's website."
)
# Norway's APMBC report on 2024 (ism/demo.py; dates illustrative), as anyone
# reads it.
NORWAY_2024 = {
    "id": 27,
    "convention": "APMBC",
    "report_type": "article7",
    "state": {"iso3": "NOR", "name": "Norway"},
    "kind": "annual",
    "year": 2024,
    "due_date": "2025-04-30",
    "status": "published",
    "first_submitted_on": "2025-02-27",
    "timeliness": "on_time",
    "illustrative": True,
    "publication_consent": None,
    "published_version": {
        "number": 1,
        "submitted_on": "2025-02-27",
        "published_at": "2025-03-06T15:00:00+01:00",
        "changed_forms": ["A", "D", "G", "I", "J"],
        "url": "https://ism.example/reporting/versions/27/",
        "pdf_url": "https://ism.example/reporting/versions/27/pdf/",
    },
}
NORWAY_2024_DETAIL = {
    **NORWAY_2024,
    "forms": [
        _form("A", "National implementation measures", "changed", None, DEMO_TEXT),
        _form("B", "Stockpiled anti-personnel mines", "unchanged", 2023, DEMO_TEXT),
        {
            **_form("C", "Mined areas", "not_applicable", None, ""),
            "figures": [
                {
                    "key": "area_contaminated_m2",
                    "label": "Area known or suspected to be mined",
                    "kind": "area",
                    "value": None,
                }
            ],
        },
    ],
    "working_copy": None,
}
# Norway's draft on 2025, as its focal point (or the ISU) reads it: the same
# convention, State and kind as the report on 2024, a year on.
NORWAY_2025_DRAFT = {
    **NORWAY_2024,
    "id": 41,
    "year": 2025,
    "due_date": "2026-04-30",
    "status": "draft",
    "first_submitted_on": None,
    "timeliness": "missing",
    "published_version": None,
    "forms": [],
    "working_copy": {
        "editable": True,
        "forms": [
            {
                "code": "A",
                "status": "changed",
                "unchanged_since": None,
                "text": "Illustrative draft: the national implementation measures "
                "adopted in 2025 would be described here.",
                "figures": {},
            }
        ],
        "versions": [],
    },
}
# The APMBC's reporting rate on 2024 in the demo, as at a day in November 2026.
APMBC_2024_RATE = {
    "convention": "APMBC",
    "report_type": "article7",
    "year": 2024,
    "due": "2025-04-30",
    "as_of": "2026-11-25",
    "parties": 43,
    "on_time": 40,
    "late": 0,
    "missing": 3,
    "not_due": 0,
    "submitted": 40,
    "on_time_pct": "93.0",
    "late_pct": "0.0",
    "missing_pct": "7.0",
    "submitted_pct": "93.0",
}
