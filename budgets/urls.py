from django.urls import include, path

from budgets import views, views_documents
from ism.routes import verbs

app_name = "budgets"

# One budget's pages, its documents and the workflow steps of its detail page (one
# POST endpoint each).
budget_urls = [
    path("", views.budget_detail, name="detail"),
    *verbs(views, "budget", "edit", "compare", named=False),
    path("edit/preview/", views.budget_edit_preview, name="edit-preview"),
    *verbs(views_documents, "budget", "pdf", "xlsx", named=False),
    *(
        path(f"{action}/", views.budget_action, {"action": action}, name=action)
        for action in views.ACTIONS
    ),
]

urlpatterns = [
    path("", views.budget_index, name="index"),
    *verbs(views, "budget", "new", named=False),
    path("public/", views.budget_public_list, name="public-list"),
    path("<int:pk>/", include(budget_urls)),
    # Contributions: the ISU's pages, a State's own page and its documents, and the
    # public scales of assessment.
    path("", include("budgets.contributions.urls")),
]
