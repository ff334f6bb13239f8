from django.urls import path

from workplans.views import chain, documents, indicators, plans, review

app_name = "workplans"
urlpatterns = [
    path("", plans.workplan_index, name="index"),
    path("new/", plans.workplan_create, name="new"),
    path("public/", plans.workplan_public_list, name="public-list"),
    path("public/<int:pk>/", plans.workplan_public, name="public"),
    path("<int:pk>/", plans.workplan_detail, name="detail"),
    path("<int:pk>/settings/", plans.workplan_settings, name="settings"),
    path("<int:pk>/submit/", plans.workplan_submit, name="submit"),
    path("<int:pk>/approve/", plans.workplan_approve, name="approve"),
    path(
        "<int:pk>/request-changes/",
        plans.workplan_request_changes,
        name="request-changes",
    ),
    path("<int:pk>/adopt/", plans.workplan_adopt, name="adopt"),
    path("<int:pk>/progress/", plans.workplan_progress, name="progress"),
    path("<int:pk>/versions/", plans.workplan_versions, name="versions"),
    # The edit page and its forms.
    path("<int:pk>/edit/", chain.workplan_edit, name="edit"),
    path("<int:pk>/areas/add/", chain.area_add, name="area-add"),
    path("areas/<int:pk>/rename/", chain.area_update, name="area-rename"),
    path("areas/<int:pk>/move/", chain.area_move, name="area-move"),
    path("areas/<int:pk>/delete/", chain.area_delete, name="area-delete"),
    path(
        "areas/<int:pk>/results/add/<str:level>/", chain.result_add, name="result-add"
    ),
    path("results/<int:pk>/update/", chain.result_update, name="result-update"),
    path("results/<int:pk>/move/", chain.result_move, name="result-move"),
    path("results/<int:pk>/delete/", chain.result_delete, name="result-delete"),
    # Indicators and actuals.
    path(
        "results/<int:pk>/indicators/add/",
        indicators.indicator_add,
        name="indicator-add",
    ),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path(
        "indicators/<int:pk>/delete/",
        indicators.indicator_delete,
        name="indicator-delete",
    ),
    path("indicators/<int:pk>/actuals/", indicators.actual_add, name="actual-add"),
    path("actuals/<int:pk>/delete/", indicators.actual_delete, name="actual-delete"),
    # The review.
    path("<int:pk>/review/", review.workplan_review, name="review"),
    path("<int:pk>/review/comment/", review.thread_open, name="thread-open"),
    path(
        "<int:pk>/review/request-changes/",
        review.review_request_changes,
        name="review-request-changes",
    ),
    path("<int:pk>/review/approve/", review.review_approve, name="review-approve"),
    path("threads/<int:pk>/reply/", review.thread_reply, name="thread-reply"),
    path("threads/<int:pk>/resolve/", review.thread_resolve, name="thread-resolve"),
    path("threads/<int:pk>/reopen/", review.thread_reopen, name="thread-reopen"),
    # Documents.
    path("<int:pk>/pdf/<str:layout>/", documents.workplan_pdf, name="pdf"),
    path("<int:pk>/logframe.xlsx", documents.workplan_xlsx, name="xlsx"),
    path("<int:pk>/iati.xml", documents.workplan_iati, name="iati"),
]
