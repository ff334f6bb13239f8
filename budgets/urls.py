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

# Contributions: the ISU's pages, a State's own page and its documents, and the
# public scales of assessment (budgets.contributions.urls).
from budgets.contributions.urls import urlpatterns as contribution_urls  # noqa: E402

urlpatterns += contribution_urls
