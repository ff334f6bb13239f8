from django.urls import include, path

from workplans.views import chain, documents, indicators, plans, review

app_name = "workplans"

# The review of one work plan by its committee.
review_urls = [
    path("", review.workplan_review, name="review"),
    path("comment/", review.thread_open, name="thread-open"),
    path(
        "request-changes/",
        review.review_request_changes,
        name="review-request-changes",
    ),
    path("approve/", review.review_approve, name="review-approve"),
]

workplan_urls = [
    path("", plans.workplan_detail, name="detail"),
    path("settings/", plans.workplan_settings, name="settings"),
    path("submit/", plans.workplan_submit, name="submit"),
    path("approve/", plans.workplan_approve, name="approve"),
    path("request-changes/", plans.workplan_request_changes, name="request-changes"),
    path("adopt/", plans.workplan_adopt, name="adopt"),
    path("progress/", plans.workplan_progress, name="progress"),
    path("versions/", plans.workplan_versions, name="versions"),
    # The edit page and its forms.
    path("edit/", chain.workplan_edit, name="edit"),
    path("translations/", chain.workplan_translations, name="translations"),
    path("areas/add/", chain.area_add, name="area-add"),
    # The review.
    path("review/", include(review_urls)),
    # Documents.
    path("pdf/<str:layout>/", documents.workplan_pdf, name="pdf"),
    path("logframe.xlsx", documents.workplan_xlsx, name="xlsx"),
    path("iati.xml", documents.workplan_iati, name="iati"),
]

# The edit page's forms for the areas and results of the chain.
area_urls = [
    path("rename/", chain.area_update, name="area-rename"),
    path("move/", chain.area_move, name="area-move"),
    path("delete/", chain.area_delete, name="area-delete"),
    path("results/add/<str:level>/", chain.result_add, name="result-add"),
]

result_urls = [
    path("form/", chain.result_form, name="result-form"),
    path("update/", chain.result_update, name="result-update"),
    path("move/", chain.result_move, name="result-move"),
    path("delete/", chain.result_delete, name="result-delete"),
    path("indicators/add/", indicators.indicator_add, name="indicator-add"),
]

# Indicators and their actuals.
indicator_urls = [
    path("", indicators.indicator_detail, name="indicator"),
    path("delete/", indicators.indicator_delete, name="indicator-delete"),
    path("actuals/", indicators.actual_add, name="actual-add"),
]

# The review's threads.
thread_urls = [
    path("reply/", review.thread_reply, name="thread-reply"),
    path("resolve/", review.thread_resolve, name="thread-resolve"),
    path("reopen/", review.thread_reopen, name="thread-reopen"),
]

urlpatterns = [
    path("", plans.workplan_index, name="index"),
    path("new/", plans.workplan_create, name="new"),
    path("public/", plans.workplan_public_list, name="public-list"),
    path("public/<int:pk>/", plans.workplan_public, name="public"),
    path("<int:pk>/", include(workplan_urls)),
    path("areas/<int:pk>/", include(area_urls)),
    path("results/<int:pk>/", include(result_urls)),
    path("indicators/<int:pk>/", include(indicator_urls)),
    path("actuals/<int:pk>/delete/", indicators.actual_delete, name="actual-delete"),
    path("threads/<int:pk>/", include(thread_urls)),
]
