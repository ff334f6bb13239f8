"""Invoices: the convention's list (staff and auditors; paginated, filtered) and
an invoice's page (also its State's focal points: another State's invoice is a
404), with the cancellation — and a corrected re-issue — for staff."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from djmoney.money import Money

from budgets.contributions import selectors, services
from budgets.contributions.forms import CancelForm
from budgets.contributions.views.status import reading_convention, reads_accounts
from budgets.models import Invoice
from ism import params
from ism.access import can_manage, require_manage
from ism.forms import save_posted
from ism.models import State
from ism.selectors import history_visible

PAGE_SIZE = 50


@require_GET
def invoice_list(request, code: str):
    convention = reading_convention(request.user, code)
    filters = {
        "year": str(params.query_year(request) or ""),
        "status": params.query_code(request, "status"),
        "state": params.query_code(request, "state").upper(),
    }
    kwargs = {}
    if filters["year"]:
        kwargs["year"] = int(filters["year"])
    if filters["status"] in Invoice.Status.values:
        kwargs["status"] = filters["status"]
    if filters["state"]:
        kwargs["state"] = State.objects.filter(iso3=filters["state"]).first() or -1
    invoices = selectors.invoice_list(
        user=request.user, convention=convention, **kwargs
    )
    page = Paginator(invoices, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "budgets/contributions/invoice_list.html",
        {
            "convention": convention,
            "page": page,
            "filters": filters,
            "query": query,
            "statuses": Invoice.Status.choices,
            "years": selectors.assessment_years(convention=convention),
            "states": State.objects.filter(invoices_of_state(convention)).order_by(
                "name"
            ),
            "can_manage": can_manage(request.user, convention),
        },
    )


def invoices_of_state(convention):
    from django.db.models import Exists, OuterRef

    return Exists(
        Invoice.objects.filter(convention=convention, state_id=OuterRef("pk"))
    )


def _detail_context(request, invoice: Invoice, cancel_form=None) -> dict:
    convention = invoice.convention
    return {
        "invoice": invoice,
        "convention": convention,
        "payments": list(invoice.payments.all()),
        "allocations": list(invoice.credit_allocations.all()),
        "replacements": list(invoice.replacements.all()),
        "can_manage": can_manage(request.user, convention),
        "can_read_accounts": reads_accounts(request.user, convention),
        "cancel_form": cancel_form or CancelForm(),
        "illustrative": invoice.assessment_id
        and invoice.assessment.scale_id
        and invoice.assessment.scale.illustrative,
        "history": history_visible(user=request.user, obj=invoice)[:50],
    }


@require_GET
def invoice_detail(request, pk: int):
    invoice = selectors.invoice_detail(user=request.user, pk=pk)
    return render(
        request,
        "budgets/contributions/invoice_detail.html",
        _detail_context(request, invoice),
    )


@require_http_methods(["POST"])
def invoice_cancel(request, pk: int):
    """Cancel (and optionally re-issue) — the page's form asked for confirmation."""
    invoice = selectors.invoice_detail(user=request.user, pk=pk)
    require_manage(request.user, invoice.convention)
    form = CancelForm(request.POST)

    def cancel(data):
        amount = data.get("reissue_amount") if data.get("reissue") else None
        return services.invoice_cancel(
            invoice=invoice,
            actor=request.user,
            reason=data["reason"],
            reissue_amount=Money(amount, invoice.convention.currency)
            if amount
            else None,
        )

    cancelled = save_posted(request, form, cancel)
    if cancelled:
        counter, new = cancelled
        if new is not None:
            messages.success(
                request,
                _("%(old)s is cancelled by %(counter)s; %(new)s replaces it.")
                % {
                    "old": invoice.number,
                    "counter": counter.number,
                    "new": new.number,
                },
            )
            return redirect("budgets:invoice-detail", pk=new.pk)
        messages.success(
            request,
            _("%(old)s is cancelled by %(counter)s.")
            % {"old": invoice.number, "counter": counter.number},
        )
        return redirect("budgets:invoice-detail", pk=invoice.pk)
    invoice = selectors.invoice_detail(user=request.user, pk=pk)
    return render(
        request,
        "budgets/contributions/invoice_detail.html",
        _detail_context(request, invoice, cancel_form=form),
        status=400,
    )
