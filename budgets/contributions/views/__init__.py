"""Pages of the contributions: the collection status and the scales (status),
assessments, invoices, payments and pledges, a State's own page and the documents
(documents), reminders. Access is decided in ism.access; writes go through
budgets.contributions.services."""
