"""URLs of the contributions' pages for the ISU (included by budgets.urls, so
their names are "budgets:…"). A State's own page and the documents are in
budgets.urls with budgets.views_invoices_documents."""

from django.urls import path

from budgets.views import assessments, contributions, invoices, payments, pledges

urlpatterns = [
    path(
        "contributions/",
        contributions.contributions_index,
        name="contributions",
    ),
    path("contributions/scales/", contributions.scale_list, name="scale-list"),
    path(
        "contributions/scales/<int:pk>/",
        contributions.scale_detail,
        name="scale-detail",
    ),
    path(
        "contributions/<str:code>/status/",
        contributions.contributions_status,
        name="contributions-status",
    ),
    path(
        "contributions/<str:code>/<int:year>/xlsx/",
        contributions.contributions_xlsx,
        name="contributions-xlsx",
    ),
    path(
        "contributions/<str:code>/assess/",
        assessments.assessment_new,
        name="assessment-new",
    ),
    path(
        "contributions/<str:code>/invoices/",
        invoices.invoice_list,
        name="invoice-list",
    ),
    path(
        "contributions/<str:code>/payments/new/",
        payments.payment_new,
        name="payment-new",
    ),
    path(
        "contributions/<str:code>/bank-import/",
        payments.bank_import,
        name="bank-import",
    ),
    path(
        "contributions/<str:code>/pledges/",
        pledges.pledge_list,
        name="pledge-list",
    ),
    path("invoices/<int:pk>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<int:pk>/cancel/", invoices.invoice_cancel, name="invoice-cancel"),
]
