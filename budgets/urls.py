from django.urls import path

from budgets import views, views_documents

app_name = "budgets"
urlpatterns = [
    path("", views.budget_index, name="index"),
    path("new/", views.budget_new, name="new"),
    path("public/", views.budget_public_list, name="public-list"),
    path("<int:pk>/", views.budget_detail, name="detail"),
    path("<int:pk>/edit/", views.budget_edit, name="edit"),
    path("<int:pk>/edit/preview/", views.budget_edit_preview, name="edit-preview"),
    path("<int:pk>/compare/", views.budget_compare, name="compare"),
    path("<int:pk>/pdf/", views_documents.budget_pdf, name="pdf"),
    path("<int:pk>/xlsx/", views_documents.budget_xlsx, name="xlsx"),
]
# The workflow steps of the detail page, one POST endpoint each.
urlpatterns += [
    path(f"<int:pk>/{action}/", views.budget_action, {"action": action}, name=action)
    for action in views.ACTIONS
]

# Contributions: documents a State downloads, its page, and reminders
# (budgets.views_invoices_documents, budgets.views_reminders).
from budgets import views_invoices_documents, views_reminders  # noqa: E402

urlpatterns += [
    path(
        "invoices/<int:pk>/pdf/",
        views_invoices_documents.invoice_pdf,
        name="invoice-pdf",
    ),
    path(
        "invoices/<int:pk>/remind/",
        views_reminders.invoice_remind,
        name="invoice-remind",
    ),
    path(
        "states/<str:iso3>/<str:code>/contributions/",
        views_invoices_documents.state_contributions,
        name="state-contributions",
    ),
    path(
        "states/<str:iso3>/<str:code>/contributions/statement/",
        views_invoices_documents.statement_pdf,
        name="state-statement-pdf",
    ),
    path(
        "contributions/<str:code>/reminders/",
        views_reminders.invoice_reminders,
        name="invoice-reminders",
    ),
]
# Contributions: the ISU's pages (status, assessment, invoices, payments, bank
# import) and the public scales of assessment (budgets.urls_contributions).
from budgets.urls_contributions import urlpatterns as contribution_urls  # noqa: E402

urlpatterns += contribution_urls
