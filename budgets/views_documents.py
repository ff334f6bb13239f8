"""Downloads of a budget: the PDF document and the Excel workbook.

Both are looked up through the access policy, so a budget the user may not see is a
404, and a published budget can be downloaded without logging in, like its page.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.utils.translation import gettext_lazy as _

from budgets import selectors
from budgets.documents import budget_filename, budget_stored
from budgets.exports import budget_workbook
from ism.access import get_visible_or_404
from ism.pages import download
from ism.spreadsheets import XLSX_CONTENT_TYPE
from ism.stored_documents import row_document_view

# The budget document. When the stored one is not current: a page saying it is
# being prepared (202), which asks again every two seconds with htmx and offers the
# document once it is there. The access policy decides, as for the budget's page.
budget_pdf = login_not_required(
    row_document_view(
        selectors.budget_list,
        budget_stored,
        what=_("The budget document"),
        back_label=_("Back to the budget"),
    )
)


@login_not_required  # the access policy decides, as for the budget's page
def budget_xlsx(request, pk: int):
    """The budget as an Excel workbook, with the figures of the page."""
    budget = get_visible_or_404(
        request.user, selectors.budget_detail_queryset(user=request.user), pk=pk
    )
    data = budget_workbook(selectors.budget_view(budget))
    return download(data, budget_filename(budget, "xlsx"), XLSX_CONTENT_TYPE)
