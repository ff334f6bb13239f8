"""Contributions: what States are asked to pay and what they paid, beside the
budgets in the same Django app (label `budgets`, so no data moved).

The scale of assessment and pledges, assessments and the invoices they issue,
payments, credits and the bank import, statements and reminders. Its own models,
services (the writes), selectors (the reads: one definition of what settled an
invoice), views, API, documents, exports and URLs. It reads budgets (an assessment
apportions an adopted budget); budgets never read it.
"""
