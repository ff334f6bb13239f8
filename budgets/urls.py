from django.urls import include, path

from budgets import views, views_documents

app_name = "budgets"

# One budget's pages, its documents and the workflow steps of its detail page (one
# POST endpoint each).
budget_urls = [
    path("", views.budget_detail, name="detail"),
    path("edit/", views.budget_edit, name="edit"),
    path("edit/preview/", views.budget_edit_preview, name="edit-preview"),
    path("translations/", views.budget_translations, name="translations"),
    path("compare/", views.budget_compare, name="compare"),
    path("pdf/", views_documents.budget_pdf, name="pdf"),
    path("xlsx/", views_documents.budget_xlsx, name="xlsx"),
    *(
        path(f"{action}/", views.budget_action, {"action": action}, name=action)
        for action in views.ACTIONS
    ),
]

urlpatterns = [
    path("", views.budget_index, name="index"),
    path("new/", views.budget_new, name="new"),
    path("public/", views.budget_public_list, name="public-list"),
    path("<int:pk>/", include(budget_urls)),
    # Contributions: the ISU's pages, a State's own page and its documents, and the
    # public scales of assessment.
    path("", include("budgets.contributions.urls")),
]
