"""An example of the work plans API's answers, for its documentation (/api/docs/)."""

from __future__ import annotations

# The APMBC ISU work plan 2026 (ism/reference/apmbc-2026-workplan.json), its
# tree abridged to one area and two of its results.
APMBC_2026 = {
    "id": 1,
    "convention": "APMBC",
    "kind": "annual",
    "start_year": 2026,
    "end_year": 2026,
    "title": "APMBC ISU work plan 2026",
    "status": "in_review",
    "action_plan": "Siem Reap-Angkor Action Plan",
    "numbering": "table",
    "meeting": "Twenty-Second Meeting of the States Parties, Geneva, December 2025",
    "agenda_item": "",
    "document_symbol": "",
    "document_date": None,
    "objectives": "",
    "expected_results": "",
    "budget": 1,
    "adopted_on": None,
    "adopted_by": "",
    "adoption_decision": "",
    "latest_version": 1,
    "areas": [
        {
            "id": 1,
            "key": "eec04ba0-b8b2-4811-a986-128bd1f2ecc4",
            "number": 1,
            "title": "Support to the Convention's Committees and the President",
            "results": [
                {
                    "id": 5,
                    "key": "5d85b02e-c707-4168-a056-68fcaf117e17",
                    "level": "output",
                    "number": "1",
                    "label": "Output 1",
                    "text": "Up to 60 committee meetings supported.",
                    "contributes_to": None,
                    "action_plan_actions": [],
                    "budget_lines": [],
                    "indicators": [
                        {
                            "id": 1,
                            "key": "78a4d325-486e-4631-b79b-e8aa8566b36e",
                            "description": "Committee meetings supported",
                            "unit": "number",
                            "baseline": None,
                            "baseline_note": "",
                            "qualifier": "up_to",
                            "target": "60.00",
                            "target_text": "up to 60",
                            "period_start": "2026-01-01",
                            "period_end": "2026-12-31",
                            "direction": "increase",
                            "aggregation": "sum",
                            "source": "committee_meetings_held",
                            "source_note": "A count from ISM's records: committee "
                            "meetings held.",
                            "latest_actual": {
                                "period_start": "2026-01-01",
                                "period_end": "2026-12-31",
                                "value": "6.00",
                                "source": "A count from ISM's records: committee "
                                "meetings held.",
                                "computed": True,
                            },
                            "actual_to_date": "6.00",
                            "as_of": "2026-11-25",
                            "status": "off_track",
                            "status_label": "off track",
                            "status_reason": "10% of the target with 90% of the "
                            "period elapsed.",
                        }
                    ],
                },
                {
                    "id": 9,
                    "key": "9303591d-2ac3-413f-b4b1-9e765d5d4a6c",
                    "level": "activity",
                    "number": "1",
                    "label": "Activity 1",
                    "text": "Support the Committees and the President in carrying "
                    "out their mandates, in line with the ISU 2025-2029 work plan "
                    "and budget.",
                    "contributes_to": None,
                    "action_plan_actions": [],
                    "budget_lines": [],
                    "indicators": [],
                },
            ],
        }
    ],
}


# The same plan as the list gives it: its counts and the link to its tree (the
# reference plan has 9 areas and 106 statements; its indicators are ISM's).
APMBC_2026_SUMMARY = {
    "id": 1,
    "url": "https://ism.example/api/v1/workplans/1/",
    **{key: value for key, value in APMBC_2026.items() if key not in ("id", "areas")},
    "counts": {"areas": 9, "statements": 106, "indicators": 12},
}
