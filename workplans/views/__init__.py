"""Pages of the work plans, one module per concern: plans (list, a plan, its
workflow, progress, versions, public pages), chain (the edit page), indicators,
review, documents (PDF, Excel, IATI)."""
