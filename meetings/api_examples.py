"""An example of the meetings API's answers, for its documentation (/api/docs/)."""

from __future__ import annotations


def _pdf(pk: int, language: str, size: int) -> dict:
    url = f"https://ism.example/meetings/files/{pk}/"
    return {"language": language, "kind": "pdf", "size": size, "url": url}


# The APMBC's Twenty-Second Meeting of the States Parties (ism/demo.py), where
# the ISU's 2026 work plan and budget were adopted under agenda item 9(h)(i).
MSP22 = {
    "id": 7,
    "convention": "APMBC",
    "kind": "msp",
    "number": 22,
    "title": "Twenty-Second Meeting of the States Parties",
    "start": "2025-12-01",
    "end": "2025-12-05",
    "venue": "Geneva",
    "online": False,
    "committee": None,
    "presiding_officer": "",
    "status": "held",
    "phase": "held",
    "registration_deadline": None,
    "registration_open": False,
    "illustrative": False,
    "circulation_deadline": "2025-10-02",
    "agenda": [
        {"number": "9(h)", "title": "Implementation support"},
        {
            "number": "9(h)(i)",
            "title": "Report on the activities, functioning and finances of the "
            "Implementation Support Unit, and the work plan and budget of the Unit "
            "for 2026",
        },
    ],
    "documents": [
        {
            "symbol": "",
            "title": "Implementation Support Unit 2026 budget and work plan",
            "agenda_item": "9(h)(i)",
            "original_language": "en",
            "date": "2025-10-08",
            "files": [_pdf(3, "en", 9278), _pdf(4, "zh", 9278)],
        }
    ],
}
