"""Recording payments by hand, and importing a bank statement: upload, look at the
preview (matched, suspicious, unmatched, already recorded), tick the suspicious
rows to accept, confirm. Staff of the convention only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from budgets.contributions import services
from budgets.contributions.forms import BankImportForm, PaymentForm
from budgets.models import Invoice
from ism import params
from ism.access import require_manage
from ism.forms import add_service_errors, save_posted
from ism.models import Convention
from ism.pages import render_form


def managed_convention(user, code: str) -> Convention:
    convention = get_object_or_404(Convention, code=code.upper())
    require_manage(user, convention)
    return convention


@require_http_methods(["GET", "POST"])
def payment_new(request, code: str):
    convention = managed_convention(request.user, code)
    initial = {"date": timezone.localdate(), "currency": convention.currency}
    invoice_pk = params.query_id(request, "invoice")
    if invoice_pk:
        invoice = Invoice.objects.filter(pk=invoice_pk, convention=convention).first()
        if invoice is not None:
            initial.update(
                invoice=invoice,
                state=invoice.state,
                amount=invoice.outstanding_amount or None,
            )
    if state_pk := params.query_id(request, "state"):
        initial["state"] = state_pk
    posted = request.POST if request.method == "POST" else None
    if posted is not None and "show_invoices" in posted:
        # Without JavaScript: the State chosen, its invoices offered, nothing saved.
        initial.update(posted.dict())
        posted = None
    form = PaymentForm(posted, convention=convention, initial=initial)
    payment = posted is not None and save_posted(
        request,
        form,
        lambda _data: services.payment_record(
            **form.service_arguments(), actor=request.user
        ),
    )
    if payment:
        messages.success(
            request,
            _("Payment of %(amount)s from %(state)s recorded.")
            % {"amount": payment.amount, "state": payment.state},
        )
        if payment.invoice_id:
            return redirect("budgets:invoice-detail", pk=payment.invoice_id)
        return redirect("budgets:contributions-status", code=convention.code)
    context = {"convention": convention, "form": form}
    if posted is None:
        # Nothing was to be saved (a GET, or "show the State's invoices"): 200.
        return render(request, "budgets/contributions/payment_form.html", context)
    return render_form(request, "budgets/contributions/payment_form.html", context)


@require_http_methods(["GET", "POST"])
def bank_import(request, code: str):
    """GET: the upload form. POST with a file: the preview. POST with confirm: the
    same text (carried in the preview's form) recorded, with the rows ticked."""
    convention = managed_convention(request.user, code)
    context = {"convention": convention, "form": BankImportForm()}
    status = 200
    if request.method == "POST":
        if "confirm" in request.POST:
            return _confirm(request, convention)
        form = BankImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            filename, text = form.cleaned_data["file"]
            try:
                result = _import(request, convention, text, filename, confirm=False)
            except ValidationError as exc:
                add_service_errors(form, exc)
                status = 400
            else:
                context.update(result=result, csv_text=text, filename=filename)
        else:
            status = 400
    return render(
        request, "budgets/contributions/bank_import.html", context, status=status
    )


def _import(request, convention, text: str, filename: str, **options):
    """The bank import service on the uploaded text: a preview, or (confirm=True)
    the rows recorded."""
    return services.bank_statement_import(
        convention=convention,
        csv_text=text,
        filename=filename,
        actor=request.user,
        **options,
    )


def _confirm(request, convention):
    text = request.POST.get("csv_text", "")
    filename = request.POST.get("filename", "")
    accept = {params.id_or_none(n) for n in request.POST.getlist("accept")} - {None}
    # Unmatched rows of a bank's file staff matched to an invoice: match-<row>.
    assign = {
        row: invoice
        for name, value in request.POST.items()
        if name.startswith("match-")
        and (row := params.id_or_none(name.removeprefix("match-")))
        and (invoice := params.id_or_none(value))
    }
    try:
        result = _import(
            request,
            convention,
            text,
            filename,
            confirm=True,
            accept=accept,
            assign=assign,
        )
    except ValidationError as exc:
        # Nothing lost: the errors above the statement's rows as previewed (or,
        # if the text itself is wrong, above the upload form), ready to confirm
        # again or start over.
        form = BankImportForm()
        add_service_errors(form, exc)
        context = {"convention": convention, "form": form}
        try:
            preview = _import(request, convention, text, filename, confirm=False)
        except ValidationError:
            pass
        else:
            context.update(result=preview, csv_text=text, filename=filename)
        return render(
            request, "budgets/contributions/bank_import.html", context, status=400
        )
    messages.success(
        request,
        _(
            "%(recorded)d payment(s) recorded from %(file)s; %(left)d row(s) left "
            "for you to look at."
        )
        % {
            "recorded": len(result.recorded),
            "file": filename or _("the statement"),
            "left": len(result.rows) - len(result.recorded),
        },
    )
    return redirect(reverse("budgets:contributions-status", args=[convention.code]))
