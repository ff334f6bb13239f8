"""URLs of the contributions: the ISU's pages (status, scales, assessment, invoices,
payments, bank import, pledges, reminders), a State's own page and the documents it
downloads. Included by budgets.urls, so their names are "budgets:…"."""

from django.urls import path

from budgets.contributions.views import (
    assessments,
    documents,
    invoices,
    opening_balances,
    payments,
    pledges,
    reminders,
    status,
)

C = "contributions/<str:code>"
STATE = "states/<str:iso3>/<str:code>/contributions"

urlpatterns = [
    path("contributions/", status.contributions_index, name="contributions"),
    path("contributions/scales/", status.scale_list, name="scale-list"),
    path("contributions/scales/<int:pk>/", status.scale_detail, name="scale-detail"),
    path(f"{C}/status/", status.contributions_status, name="contributions-status"),
    path(f"{C}/<int:year>/xlsx/", status.contributions_xlsx, name="contributions-xlsx"),
    path(
        f"{C}/<int:year>/documents/",
        documents.invoice_documents_progress,
        name="documents-progress",
    ),
    path(f"{C}/assess/", assessments.assessment_new, name="assessment-new"),
    path(f"{C}/invoices/", invoices.invoice_list, name="invoice-list"),
    path(f"{C}/payments/new/", payments.payment_new, name="payment-new"),
    path(f"{C}/bank-import/", payments.bank_import, name="bank-import"),
    path(f"{C}/pledges/", pledges.pledge_list, name="pledge-list"),
    path(
        f"{C}/opening-balances/",
        opening_balances.opening_balances,
        name="opening-balances",
    ),
    path(f"{C}/reminders/", reminders.invoice_reminders, name="invoice-reminders"),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/cancel/", invoices.invoice_cancel, name="invoice-cancel"),
    path("invoices/<int:pk>/pdf/", documents.invoice_pdf, name="invoice-pdf"),
    path("invoices/<int:pk>/remind/", reminders.invoice_remind, name="invoice-remind"),
    path(f"{STATE}/", documents.state_contributions, name="state-contributions"),
    path(f"{STATE}/statement/", documents.statement_pdf, name="state-statement-pdf"),
]
