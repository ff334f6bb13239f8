"""A State's contribution documents: invoice PDFs, the statement PDF, and the
focal point's page that lists them.

Every object is looked up through the access policy: another State's invoice or
statement is a 404 (never a 403 that confirms it exists), and the stored files are
read from private storage by these views only; MEDIA_ROOT has no public URL.

Until a document is rendered the page says it is being prepared (202, htmx asks
again every two seconds) and the API answers 409 with Retry-After, as for budgets
(budgets.views_documents).
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from kombu.exceptions import OperationalError as BrokerError
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException

from budgets.documents_invoices import invoice_filename, statement_filename
from budgets.models import Invoice, Statement
from budgets.statements import state_ledger
from ism.access import can_manage, get_visible_or_404, require_state_page, visible
from ism.models import Participation

logger = logging.getLogger(__name__)

# The pending page asks again this often (seconds); the API's Retry-After.
POLL_SECONDS = 2
# A render asked for is not asked for again within this time (a page left open
# polls every two seconds and must not queue a render each time).
RENDER_REQUEST_TTL = 60


# --- Availability and rendering on demand -----------------------------------------


def document_available(row: Invoice | Statement | None) -> bool:
    """The stored document is of the row's current revision and its file is there."""
    return (
        row is not None and row.pdf_is_current and row.pdf.storage.exists(row.pdf.name)
    )


def _queue_once(key: str, task, *args) -> bool:
    if not cache.add(key, True, RENDER_REQUEST_TTL):
        return False
    # Straight away, not on commit: what to render is committed already.
    try:
        task.delay(*args)
    except (BrokerError, OSError):
        logger.exception("could not queue %s%s", task.name, args)
        cache.delete(key)  # a later poll tries again
        return False
    return True


def request_invoice_render(invoice: Invoice) -> bool:
    """Queue the invoice's render (normally queued at issue, after commit; this is
    the fallback for a lost message or a lost file)."""
    from budgets.tasks import invoice_render_pdf

    key = (
        f"budgets:invoice-pdf-requested:{invoice.pk}:"
        f"{invoice.created_at.timestamp()}:{invoice.revision}"
    )
    return _queue_once(key, invoice_render_pdf, invoice.pk)


def request_statement_render(statement: Statement) -> bool:
    from budgets.tasks import statement_render_pdf

    # updated_at as well as pk: a key must never outlive its row's id.
    key = (
        f"budgets:statement-pdf-requested:{statement.pk}:"
        f"{statement.updated_at.timestamp()}:{statement.revision}"
    )
    return _queue_once(
        key, statement_render_pdf, statement.convention_id, statement.state_id
    )


def _attachment(row, filename: str) -> FileResponse:
    return FileResponse(
        row.pdf.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )


def _pending_or_file(request, row, filename: str, context: dict):
    ready = document_available(row)
    if ready and not request.htmx:
        try:
            return _attachment(row, filename)
        except FileNotFoundError:
            ready = False
    return render(
        request,
        "budgets/invoice_pdf_pending.html",
        {**context, "ready": ready, "poll_seconds": POLL_SECONDS},
        status=200 if ready else 202,
    )


# --- Invoices -------------------------------------------------------------------------


def issued_invoices(user):
    """Issued invoices and counter-invoices the user may see (drafts have no
    document)."""
    return visible(
        user,
        Invoice.objects.filter(issued_at__isnull=False).select_related(
            "convention", "state", "cancels"
        ),
    )


def _invoice_document(user, pk: int) -> Invoice:
    invoice = get_visible_or_404(user, issued_invoices(user), pk=pk)
    if not document_available(invoice):
        request_invoice_render(invoice)
        # Without a broker (development) the task has run in this request already.
        invoice.refresh_from_db(fields=["pdf", "pdf_revision", "revision"])
    return invoice


@require_GET
def invoice_pdf(request, pk: int):
    """The invoice's document, "APMBC-2026-0007.pdf"; while it is rendered, a page
    saying so (202) that asks again with htmx and offers it once it is there."""
    invoice = _invoice_document(request.user, pk)
    return _pending_or_file(
        request,
        invoice,
        invoice_filename(invoice),
        {
            "title": str(invoice),
            "what": _("The invoice"),
            "back_url": _state_page_url(invoice.state, invoice.convention),
        },
    )


class DocumentNotReady(APIException):
    status_code = 409
    default_detail = _(
        "The invoice document is being prepared; ask again after Retry-After seconds."
    )
    default_code = "document_not_ready"
    # DRF's exception handler turns `wait` into the Retry-After header.
    wait = POLL_SECONDS


class InvoicePdfAction:
    """The `pdf` action of the invoices API (/api/v1/invoices/<pk>/pdf/), for any
    viewset whose get_object() is scoped by the access policy."""

    @extend_schema(
        summary="The invoice document (PDF)",
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            409: OpenApiResponse(
                description=(
                    "Not rendered yet: its rendering is queued; ask again after the "
                    "Retry-After header's seconds."
                )
            ),
        },
    )
    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        invoice = _invoice_document(request.user, self.get_object().pk)
        if not document_available(invoice):
            raise DocumentNotReady
        return _attachment(invoice, invoice_filename(invoice))


class InvoiceDocumentViewSet(InvoicePdfAction, viewsets.GenericViewSet):
    """Only the document; the invoices themselves are budgets.api's."""

    def get_queryset(self):
        return issued_invoices(self.request.user)


def register_api_fallback(router) -> None:
    """Serve /api/v1/invoices/<pk>/pdf/ unless an invoices viewset of the router
    already has the action (budgets.api's InvoiceViewSet mixes InvoicePdfAction in).
    Put first in the registry: the API root lists a prefix under its last
    registration, and this one has no list of its own."""
    if any(issubclass(viewset, InvoicePdfAction) for _, viewset, _ in router.registry):
        return
    router.registry.insert(0, ("invoices", InvoiceDocumentViewSet, "invoice-document"))
    if hasattr(router, "_urls"):
        del router._urls


# --- The State's page and its statement ---------------------------------------


def _state_page_url(state, convention) -> str:
    from django.urls import reverse

    return reverse("budgets:state-contributions", args=[state.iso3, convention.code])


def _state_and_convention(request, iso3: str, code: str):
    participation = get_visible_or_404(
        request.user,
        Participation.objects.select_related("state", "convention"),
        state__iso3=iso3.upper(),
        convention__code=code.upper(),
    )
    state, convention = participation.state, participation.convention
    # Another State's page does not exist for a focal point: 404.
    require_state_page(request.user, state, convention)
    return state, convention


@require_GET
def statement_pdf(request, iso3: str, code: str):
    state, convention = _state_and_convention(request, iso3, code)
    # A State without an invoice yet has no row: its (empty) statement is made
    # like any other. Creating the row twice at once is get_or_create's to settle.
    statement, _created = Statement.objects.get_or_create(
        convention=convention, state=state
    )
    if not document_available(statement):
        request_statement_render(statement)
        statement.refresh_from_db(fields=["pdf", "pdf_revision", "revision"])
    return _pending_or_file(
        request,
        statement,
        statement_filename(convention, state),
        {
            "title": _("%(state)s — %(code)s statement of account")
            % {"state": state.name, "code": convention.code},
            "what": _("The statement of account"),
            "back_url": _state_page_url(state, convention),
        },
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
            "outstanding": max(invoice.amount.amount - ledger.settled_on(invoice), 0)
            if not (invoice.cancelled or invoice.is_cancellation)
            else None,
        }
        for invoice in reversed(ledger.invoices)
    ]
    for row in invoices:
        row["status_label"] = Invoice.Status(row["status"]).label
    return render(
        request,
        "budgets/state_contributions.html",
        {
            "state": state,
            "convention": convention,
            "ledger": ledger,
            "invoices": invoices,
            "can_manage": can_manage(request.user, convention),
        },
    )
