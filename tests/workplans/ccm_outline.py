"""A CCM-style work plan of our own making, in the API's shape: no thematic
headings, six outcomes, ten outputs and thirty activities linked 1 / 1.1 / 1.1.1,
with a title block and the objectives and expected results it is published
with. Illustrative wording."""

from __future__ import annotations

YEAR = 2027
SYMBOL = "CCM/MSP/2026/WP.1"
MEETING = "Fourteenth Meeting of States Parties, Geneva, September 2026"
OUTPUTS_PER_OUTCOME = [2, 2, 2, 2, 1, 1]
ACTIVITIES_PER_OUTPUT = 3


def ccm_outline_plan(numbering: str = "outline") -> dict:
    results, next_id = [], iter(range(1, 1000))

    def add(level: str, text: str, parent=None, **extra) -> int:
        result_id = next(next_id)
        results.append(
            {
                "id": result_id,
                "level": level,
                "text": text,
                "contributes_to": parent,
                "action_plan_actions": extra.pop("actions", []),
                "indicators": extra.pop("indicators", []),
            }
        )
        return result_id

    for o, outputs in enumerate(OUTPUTS_PER_OUTCOME, start=1):
        outcome = add("outcome", f"States Parties advance goal {o} of the action plan.")
        for p in range(1, outputs + 1):
            output = add(
                "output",
                f"Support delivered under goal {o}, strand {p}.",
                outcome,
                indicators=[
                    {
                        "description": f"Requests answered, goal {o} strand {p}",
                        "unit": "number",
                        "target": "12",
                        "qualifier": "up_to",
                        "period_start": f"{YEAR}-01-01",
                        "period_end": f"{YEAR}-12-31",
                    }
                ],
            )
            for a in range(1, ACTIVITIES_PER_OUTPUT + 1):
                add(
                    "activity",
                    f"Carry out task {a} of goal {o}, strand {p}.",
                    output,
                    actions=[f"#{o * 10 + a}"],
                )
    return {
        "convention": "CCM",
        "kind": "annual",
        "start_year": YEAR,
        "end_year": YEAR,
        "title": f"ISU work plan {YEAR}",
        "action_plan": "Lausanne Action Plan",
        "numbering": numbering,
        "meeting": MEETING,
        "agenda_item": "10(b)",
        "document_symbol": SYMBOL,
        "document_date": f"{YEAR - 1}-07-15",
        "objectives": "The ISU supports States Parties in implementing the "
        "Convention.\n\nIt serves the Meeting, the Coordination Committee and the "
        "President.",
        "expected_results": "Every request for support is answered.",
        "areas": [{"title": "", "results": results}],
    }


def lettered_plan() -> dict:
    """Priority areas with lettered actions, in the reference files' shape."""
    return {
        "convention": "CCM",
        "year": YEAR,
        "numbering": "lettered",
        "areas": [
            {
                "title": "Universalization",
                "activities": ["Reach out to signatories.", "Brief new States."],
            },
            {
                "title": "Stockpile destruction",
                "activities": ["Follow up deadlines.", "Share good practice."],
            },
        ],
    }
