"""Staff's view of contribution reminders: what was sent to whom and when, what is
due and not sent (and why), and sending one by hand. The mails are the outbox's
rows (ism.OutgoingMail) of the convention, scoped by the access policy. Read by
whoever reads the convention's accounts (a 403 for anyone else, as on the
collection status page)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from budgets.contributions.reminders import (
    invoice_reminder_send_manual,
    reminders_pending,
    reminders_sent,
    unpaid_invoices,
)
from budgets.contributions.views.status import reading_convention
from budgets.models import Invoice, ReminderLevel
from ism import params
from ism.access import can_manage, get_visible_or_404
from ism.models import Convention

PAGE_SIZE = 50


class ManualReminderForm(forms.Form):
    invoice = forms.ModelChoiceField(
        label=gettext_lazy("Invoice"), queryset=Invoice.objects.none()
    )
    level = forms.ModelChoiceField(
        label=gettext_lazy("Wording"),
        queryset=ReminderLevel.objects.none(),
        required=False,
        empty_label=gettext_lazy("The level that fits today"),
    )

    def __init__(self, *args, convention: Convention, invoices=None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [i.pk for i in (invoices or unpaid_invoices(convention))]
        self.fields["invoice"].queryset = Invoice.objects.filter(
            pk__in=ids
        ).select_related("state")
        self.fields["invoice"].label_from_instance = lambda i: f"{i.number} — {i.state}"
        self.fields["level"].queryset = ReminderLevel.objects.filter(
            policy__convention=convention
        )


def _send(request, *, invoice: Invoice, level) -> list[str]:
    try:
        reminder = invoice_reminder_send_manual(
            invoice=invoice, level=level, actor=request.user
        )
    except ValidationError as exc:
        return exc.messages
    messages.success(
        request,
        _("Reminder about %(number)s queued for %(to)s.")
        % {"number": invoice.number, "to": ", ".join(reminder.mail.to)},
    )
    return []


@require_http_methods(["GET", "POST"])
def invoice_reminders(request, code: str):
    convention = reading_convention(request.user, code)
    manage = can_manage(request.user, convention)
    unpaid = unpaid_invoices(convention)
    form = ManualReminderForm(
        request.POST or None, convention=convention, invoices=unpaid
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied(_("Only ISU staff of this convention may do this."))
        if form.is_valid():
            errors = _send(
                request,
                invoice=form.cleaned_data["invoice"],
                level=form.cleaned_data["level"],
            )
            if not errors:
                return redirect("budgets:invoice-reminders", code=convention.code)
        status = 400
    page = Paginator(
        reminders_sent(user=request.user, convention=convention), PAGE_SIZE
    )
    return render(
        request,
        "budgets/contributions/reminders.html",
        {
            "convention": convention,
            "page": page.get_page(request.GET.get("page")),
            "pending": reminders_pending(
                convention=convention, today=timezone.localdate()
            ),
            "form": form if manage and unpaid else None,
            "errors": errors,
            "can_manage": manage,
            "policy_levels": ReminderLevel.objects.filter(
                policy__convention=convention
            ),
        },
        status=status,
    )


@require_POST
def invoice_remind(request, pk: int):
    """Send a reminder by hand from an invoice's page (field `level` optional)."""
    from budgets.contributions.views.documents import issued_invoices

    invoice = get_visible_or_404(
        request.user, issued_invoices(user=request.user), pk=pk
    )
    if not can_manage(request.user, invoice.convention):
        raise PermissionDenied(_("Only ISU staff of this convention may do this."))
    level = None
    if request.POST.get("level"):
        level = ReminderLevel.objects.filter(
            pk=params.id_or_none(request.POST["level"]),
            policy__convention=invoice.convention,
        ).first()
    for error in _send(request, invoice=invoice, level=level):
        messages.error(request, error)
    if _safe_next(request):
        return redirect(request.POST["next"])
    return redirect("budgets:invoice-reminders", code=invoice.convention.code)


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    # A path of ours: redirect() reads any other word ("²") as a view's name.
    return target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
