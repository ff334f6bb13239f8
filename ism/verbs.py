"""The audit trail's verbs, in words a reader of any language can read.

An audit event keeps its verb as the service wrote it, in English ("report
opened"): the record is never rewritten. A history table shows it in the page's
language through `verb_text`: a verb listed here by its msgid, or one of the
PATTERNS with the part that varies ("form A saved"). tests/ism/test_verbs.py reads
the code for every verb a service records and fails on one missing here, and
tests/ism/test_catalogues.py on one left untranslated.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext, gettext_noop

VERBS = frozenset(
    [
        gettext_noop("actual corrected"),
        gettext_noop("actual deleted"),
        gettext_noop("actual recorded"),
        gettext_noop("adopted"),
        gettext_noop("agenda item added"),
        gettext_noop("agenda item changed"),
        gettext_noop("agenda item removed"),
        gettext_noop("API token created"),
        gettext_noop("API token revoked"),
        gettext_noop("approved"),
        gettext_noop("approved by the Coordinating Committee"),
        gettext_noop("area added"),
        gettext_noop("area deleted"),
        gettext_noop("area moved"),
        gettext_noop("area renamed"),
        gettext_noop("Article 7 reminders sent"),
        gettext_noop("assessment issued"),
        gettext_noop("bank statement imported"),
        gettext_noop("calendar link made"),
        gettext_noop("calendar link revoked"),
        gettext_noop("cancellation issued"),
        gettext_noop("chair changed"),
        gettext_noop("changed in admin"),
        gettext_noop("changes requested"),
        gettext_noop("circulated"),
        gettext_noop("comment answered"),
        gettext_noop("comment posted"),
        gettext_noop("commented"),
        gettext_noop("contact changed"),
        gettext_noop("contact created"),
        gettext_noop("contribution reminders sent"),
        gettext_noop("correction submitted"),
        gettext_noop("created"),
        gettext_noop("created as a revision"),
        gettext_noop("created by import"),
        gettext_noop("created in admin"),
        gettext_noop("credit applied"),
        gettext_noop("delegation registered"),
        gettext_noop("deleted in admin"),
        gettext_noop("digest changed"),
        gettext_noop("document added"),
        gettext_noop("document changed"),
        gettext_noop("document removed"),
        gettext_noop("edited"),
        gettext_noop("exchange rate recorded"),
        gettext_noop("file added"),
        gettext_noop("file removed"),
        gettext_noop("file replaced"),
        gettext_noop("forms carried over"),
        gettext_noop("fund balance changed"),
        gettext_noop("fund created"),
        gettext_noop("contribution recorded"),
        gettext_noop("drawdown recorded"),
        gettext_noop("transfer in recorded"),
        gettext_noop("transfer out recorded"),
        gettext_noop("reversal recorded"),
        gettext_noop("arrears brought forward recorded"),
        gettext_noop("imported"),
        gettext_noop("indicator added"),
        gettext_noop("indicator changed"),
        gettext_noop("indicator deleted"),
        gettext_noop("invoice cancelled"),
        gettext_noop("invoice drafted"),
        gettext_noop("invoice issued"),
        gettext_noop("invitation accepted"),
        gettext_noop("invitation replaced"),
        gettext_noop("invitation revoked"),
        gettext_noop("invitation sent"),
        gettext_noop("ISU annual report requested"),
        gettext_noop("mail cut off before sending: not delivered"),
        gettext_noop("mail delivery uncertain: may have been delivered"),
        gettext_noop("meeting cancelled"),
        gettext_noop("meeting changed"),
        gettext_noop("meeting created"),
        gettext_noop("meeting held"),
        gettext_noop("meeting planned"),
        gettext_noop("meeting postponed"),
        gettext_noop("membership changed"),
        gettext_noop("membership recorded"),
        gettext_noop("opening balance recorded"),
        gettext_noop("participant changed"),
        gettext_noop("participant registered"),
        gettext_noop("participant removed"),
        gettext_noop("payment recorded"),
        gettext_noop("pledge recorded"),
        gettext_noop("programme changed"),
        gettext_noop("programme created"),
        gettext_noop("project removed"),
        gettext_noop("reminder sent by hand"),
        gettext_noop("reopened for a correction"),
        gettext_noop("replaced by import"),
        gettext_noop("report opened"),
        gettext_noop("report published"),
        gettext_noop("report submitted"),
        gettext_noop("report type changed"),
        gettext_noop("report type created"),
        gettext_noop("returned to draft"),
        gettext_noop("revision started"),
        gettext_noop("role assigned"),
        gettext_noop("role revoked"),
        gettext_noop("scale of assessment imported"),
        gettext_noop("settings changed"),
        gettext_noop("sponsorship approved"),
        gettext_noop("sponsorship declined"),
        gettext_noop("sponsorship requested"),
        gettext_noop("sponsorship waitlisted"),
        gettext_noop("statement added"),
        gettext_noop("statement changed"),
        gettext_noop("statement deleted"),
        gettext_noop("statement moved"),
        gettext_noop("submitted"),
        gettext_noop("submitted to the Coordinating Committee"),
        gettext_noop("superseded"),
        gettext_noop("thread reopened"),
        gettext_noop("thread resolved"),
        gettext_noop("translations saved"),
        gettext_noop("work plan changed"),
        gettext_noop("work plan created"),
        gettext_noop("work plan imported"),
    ]
)

# Verbs that name what they were done to: (how the code writes it, the msgid).
PATTERNS = [
    (re.compile(r"form (?P<code>\w+) saved"), gettext_noop("form %(code)s saved")),
    (
        re.compile(r"attachment added to form (?P<code>\w+)"),
        gettext_noop("attachment added to form %(code)s"),
    ),
    (
        re.compile(r"attachment removed from form (?P<code>\w+)"),
        gettext_noop("attachment removed from form %(code)s"),
    ),
]


def verb_text(verb: str) -> str:
    """`verb` in the active language (as recorded where no translation exists)."""
    if verb in VERBS:
        return gettext(verb)
    for pattern, msgid in PATTERNS:
        match = pattern.fullmatch(verb)
        if match:
            return gettext(msgid) % match.groupdict()
    return verb
