"""A State's contribution documents: invoice PDFs, the statement PDF, and the
focal point's page that lists them.

Every object is looked up through the access policy: another State's invoice or
statement is a 404 (never a 403 that confirms it exists), and the stored files are
read from private storage by these views only; MEDIA_ROOT has no public URL.

Until a document is rendered the page says it is being prepared (202, htmx asks
again every two seconds); both are served by ism.stored_documents. The API's
`pdf` action is budgets.contributions.api'.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from budgets.contributions.documents import invoice_stored, statement_stored
from budgets.contributions.statements import state_ledger
from budgets.models import Invoice, Statement
from ism.access import can_manage, state_page_or_404, visible
from ism.stored_documents import row_document_view, serve_or_preparing

# --- Invoices -------------------------------------------------------------------------


def issued_invoices(*, user):
    """Issued invoices and counter-invoices the user may see: those with a
    document (Invoice.has_document: not drafts, not arrears brought forward)."""
    return visible(
        user,
        Invoice.objects.filter(
            issued_at__isnull=False, brought_forward=False
        ).select_related("convention", "state", "cancels"),
    )


# The invoice's document, "APMBC-2026-0007.pdf"; while it is rendered, a page
# saying so (202) that asks again with htmx and offers it once it is there.
invoice_pdf = require_GET(
    row_document_view(
        issued_invoices,
        invoice_stored,
        what=_("The invoice"),
        back_label=_("Back to the State's contributions"),
        back_url=lambda invoice: _state_page_url(invoice.state, invoice.convention),
        # ?lang= one of the six; else the language it was issued in.
        language=lambda request, invoice: invoice.language,
    )
)


# --- A year's invoices being prepared (after an assessment is issued) --------------


def documents_progress(user, convention, year: int) -> dict[str, int]:
    """How many of the year's issued invoices and counter-invoices already have
    their document: {"ready": n, "total": m}. One query. Rendering starts when an
    assessment's numbers are committed; a batch of 190 takes a while."""
    from django.db.models import Count, Q

    return (
        issued_invoices(user=user)
        .filter(convention=convention, year=year)
        .aggregate(total=Count("pk"), ready=Count("pk", filter=~Q(pdf="")))
    )


@require_GET
def invoice_documents_progress(request, code: str, year: int):
    """The progress of the year's invoice documents, the fragment the status page
    asks for every two seconds while some are missing (htmx); once all are there
    the answer says so and asks no more."""
    from budgets.contributions.views.payments import managed_convention

    convention = managed_convention(request.user, code)
    return render(
        request,
        "budgets/contributions/_documents_progress.html",
        {
            "convention": convention,
            "year": year,
            "progress": documents_progress(request.user, convention, year),
            "polled": True,
        },
    )


# --- The State's page and its statement ---------------------------------------


def _state_page_url(state, convention) -> str:
    from django.urls import reverse

    return reverse("budgets:state-contributions", args=[state.iso3, convention.code])


def _state_and_convention(request, iso3: str, code: str):
    # Another State's page does not exist for a focal point: 404.
    participation = state_page_or_404(request.user, iso3, code)
    return participation.state, participation.convention


@require_GET
def statement_pdf(request, iso3: str, code: str):
    state, convention = _state_and_convention(request, iso3, code)
    # A State without an invoice yet has no row: its (empty) statement is made
    # like any other. Creating the row twice at once is get_or_create's to settle.
    statement, _created = Statement.objects.get_or_create(
        convention=convention, state=state
    )
    return serve_or_preparing(
        request,
        statement_stored(statement, request.GET.get("lang")),  # default: its own
        title=_("%(state)s — %(code)s statement of account")
        % {"state": state.name, "code": convention.code},
        what=_("The statement of account"),
        back_url=_state_page_url(state, convention),
        back_label=_("Back to the State's contributions"),
    )


@require_GET
def state_contributions(request, iso3: str, code: str):
    """The State's invoices with their documents, its payments and its balance."""
    state, convention = _state_and_convention(request, iso3, code)
    ledger = state_ledger(convention=convention, state=state)
    today = timezone.localdate()
    invoices = [
        {
            "invoice": invoice,
            "status": invoice.status_for(
                settled=ledger.settled_on(invoice), today=today
            ),
            "settled": ledger.settled_on(invoice),
            # Blank, not 0, on a cancelled invoice or a counter-invoice.
            "outstanding": invoice.outstanding_for(ledger.settled_on(invoice))
            if not (invoice.cancelled or invoice.is_cancellation)
            else None,
        }
        for invoice in reversed(ledger.invoices)
    ]
    for row in invoices:
        row["status_label"] = Invoice.Status(row["status"]).label
    return render(
        request,
        "budgets/contributions/state.html",
        {
            "state": state,
            "convention": convention,
            "ledger": ledger,
            "invoices": invoices,
            "can_manage": can_manage(request.user, convention),
        },
    )
