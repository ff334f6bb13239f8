from django.urls import include, path

from ism.routes import verbs
from workplans.views import chain, documents, importing, indicators, plans, review

app_name = "workplans"

# The review of one work plan by its committee.
review_urls = [
    path("", review.workplan_review, name="review"),
    path("comment/", review.thread_open, name="thread-open"),
    *verbs(review, "review", "request-changes", "approve"),
]

workplan_urls = [
    path("", plans.workplan_detail, name="detail"),
    # Its settings, the workflow's steps, the progress and versions pages.
    *verbs(plans, "workplan", "settings", "submit", "approve", named=False),
    *verbs(plans, "workplan", "request-changes", "adopt", named=False),
    *verbs(plans, "workplan", "progress", "versions", named=False),
    # The edit page and its forms.
    *verbs(chain, "workplan", "edit", "translations", named=False),
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
    *verbs(chain, "area", "move", "delete"),
    path("results/add/<str:level>/", chain.result_add, name="result-add"),
]

result_urls = [
    *verbs(chain, "result", "form", "update", "move", "delete"),
    path("indicators/add/", indicators.indicator_add, name="indicator-add"),
]

# Indicators and their actuals.
indicator_urls = [
    path("", indicators.indicator_detail, name="indicator"),
    *verbs(indicators, "indicator", "delete"),
    path("actuals/", indicators.actual_add, name="actual-add"),
]

# The review's threads.
thread_urls = verbs(review, "thread", "reply", "resolve", "reopen")

urlpatterns = [
    path("", plans.workplan_index, name="index"),
    path("new/", plans.workplan_create, name="new"),
    path("import/<str:code>/", importing.workplan_import, name="import"),
    path("public/", plans.workplan_public_list, name="public-list"),
    path("public/<int:pk>/", plans.workplan_public, name="public"),
    path("<int:pk>/", include(workplan_urls)),
    path("areas/<int:pk>/", include(area_urls)),
    path("results/<int:pk>/", include(result_urls)),
    path("indicators/<int:pk>/", include(indicator_urls)),
    path("actuals/<int:pk>/delete/", indicators.actual_delete, name="actual-delete"),
    path("threads/<int:pk>/", include(thread_urls)),
]
