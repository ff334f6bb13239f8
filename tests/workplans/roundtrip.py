"""What "identical" means for a work plan exported from the API, imported, and
exported again (issue 17).

Two exports of the same plan are identical when they are equal after leaving out
what is ISM's bookkeeping and not the plan's content:

* the ids of the plan, its areas, results, indicators and budget lines, and the
  `url` (a database gives its own); a result's `contributes_to` (an id) is
  compared as the stable key of the result it names, and `budget` as whether
  the plan has one;
* the workflow's state — `status`, `latest_version`, `adopted_on`, `adopted_by`,
  `adoption_decision`: an imported plan starts as a draft, to be reviewed and
  adopted in ISM.

Everything else is compared as exported: title, kind, years, action plan,
numbering, title block and narrative; each area's key, number and title; each
result's key, level, number, label, text, actions and budget lines (label,
category, amount); each indicator's definition, latest actual, actual to date
and status.
"""

from __future__ import annotations

WORKFLOW_STATE = {
    "status",
    "latest_version",
    "adopted_on",
    "adopted_by",
    "adoption_decision",
}


def comparable(plan: dict) -> dict:
    keys = {
        result["id"]: result["key"]
        for area in plan["areas"]
        for result in area["results"]
    }

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("id", "url")}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    plan = {
        name: value
        for name, value in plan.items()
        if name not in WORKFLOW_STATE | {"id", "url"}
    }
    plan["budget"] = plan.get("budget") is not None
    for area in plan["areas"]:
        for result in area["results"]:
            result["contributes_to"] = keys.get(result["contributes_to"])
    return strip(plan)
