"""Examples of the budgets and contributions API's answers, for its documentation
(/api/docs/): realistic figures from ism/reference/ and the demo (ism/demo.py)."""

from __future__ import annotations


def _chf(amount: str) -> dict[str, str]:
    return {"amount": amount, "currency": "CHF"}


# The APMBC 2026 budget as ism/reference/apmbc-2026-budget.json gives it (rows
# abridged), circulated for the 22nd Meeting of the States Parties.
APMBC_2026 = {
    "id": 1,
    "convention": "APMBC",
    "year": 2026,
    "version": 1,
    "status": "circulated",
    "currency": "CHF",
    "title": "APMBC Implementation Support Unit budget 2026",
    "meeting": "22nd Meeting of the States Parties, Geneva, 1-5 December 2025",
    "agenda_item": "9(h)(i)",
    "document_symbol": "",
    "document_date": "2025-10-08",
    "circulated_on": "2025-10-08",
    "adopted_on": None,
    "adopted_by": "",
    "adoption_decision": "",
    "total_fte": "3.60",
    "total": _chf("769221.00"),
    "subtotals": {
        "salaries": _chf("568386.00"),
        "social_security": _chf("110835.00"),
        "staff_subtotal": _chf("679221.00"),
        "operations_subtotal": _chf("90000.00"),
        "total": _chf("769221.00"),
    },
    "social_security_rate": None,
    "positions": [
        {"title": "Director", "grade": "", "fte": "1.00", "salary": None},
        {
            "title": "Implementation Support Officer",
            "grade": "",
            "fte": "0.60",
            "salary": None,
        },
    ],
    "lines": [
        {
            "category": "travel",
            "label": "Staff travel",
            "amount": _chf("50000.00"),
            "from_missions": False,
            "note": "",
        },
        {
            "category": "other",
            "label": "Other support costs",
            "amount": _chf("40000.00"),
            "from_missions": False,
            "note": "meeting room rental for committee meetings; interpretation; "
            "publications; maintenance of the online reporting tool",
        },
    ],
    "missions": [
        {
            "purpose": "Article 5 implementation support missions",
            "count": 10,
            "haul": "",
            "unit_cost": None,
        }
    ],
    "notes": [
        {
            "kind": "note",
            "text": "Travel: up to 26 missions; economy, per GICHD internal rules.",
        }
    ],
    "in_kind": [
        {
            "provider": "GICHD (funded by Switzerland)",
            "covers": "office premises and supplies, IT and telecommunications, "
            "travel services, human resources management",
            "estimated_value": None,
            "valuation_note": "not part of the ISU budget total",
        }
    ],
    "funds": [
        {
            "name": "Buffer fund",
            "kind": "buffer",
            "balance": _chf("758655.00"),
            "target": _chf("769221.00"),
            "target_years": "1.00",
            "coverage": "0.986",
            "rule": "Decision of the 14th Meeting of the States Parties: the buffer "
            "fund should equal one year of ISU expenditure",
        }
    ],
    "earmarked_projects": [
        {
            "name": "Support to the implementation of the Siem Reap-Angkor Action Plan",
            "donor": "European Union",
            "instrument": "Council Decision (CFSP) 2025/781",
            "agreed_on": "2025-06-16",
            "amount": {"amount": "2700000.00", "currency": "EUR"},
            "start_year": 2025,
            "end_year": 2029,
            "period_note": "2025-2029 (four years of activities)",
            "covers": "staff costs for implementing the project",
        }
    ],
    "previous_year_id": None,
    "variances": [
        {
            "label": "Total",
            "current": _chf("769221.00"),
            "previous": None,
            "change": None,
            "change_pct": None,
        }
    ],
    "pdf_url": "https://ism.example/budgets/1/pdf/",
    "pdf_ready": True,
}


def _invoice(pk, number, iso3, name, amount, settled, outstanding, status) -> dict:
    return {
        "id": pk,
        "url": f"https://ism.example/api/v1/invoices/{pk}/",
        "number": number,
        "convention": "CCM",
        "year": 2024,
        "state": iso3,
        "state_name": name,
        "kind": "invoice",
        "status": status,
        "amount": _chf(amount),
        "settled": _chf(settled),
        "outstanding": _chf(outstanding),
        "issue_date": "2023-11-01",
        "due_date": "2024-01-31",
        "cancels": None,
        "cancelled": False,
        "pdf_url": f"https://ism.example/budgets/invoices/{pk}/pdf/",
    }


# The CCM's 2024 assessments (ism/demo.py): the CCM 2024 budget of 477,724 CHF
# shared by the scale of assessments.
NORWAY_PAID = _invoice(
    8, "CCM-2024-0008", "NOR", "Norway", "12177.24", "12177.24", "0.00", "paid"
)
LAOS_PARTLY_PAID = _invoice(
    6, "CCM-2024-0006", "LAO", "Laos", "125.35", "62.68", "62.67", "overdue"
)
# The CCM's collection status for 2024 in the demo.
CCM_2024_STATUS = {
    "convention": "CCM",
    "year": 2024,
    "as_of": "2024-12-31",
    "by_currency": [
        {
            "currency": "CHF",
            "assessed": _chf("477724.00"),
            "received": _chf("475512.40"),
            "outstanding": _chf("2211.60"),
            "arrears": _chf("0.00"),
            "rate": "0.995371",
            "received_pct": "99.5",
            "invoices": 10,
        }
    ],
}
