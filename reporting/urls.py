from django.urls import include, path

from ism.routes import verbs
from reporting import views

app_name = "reporting"

# A State's reports under one convention.
state_urls = [
    path("", views.state_reports, name="state"),
    *verbs(views, "report", "start", named=False),
]

report_urls = [
    path("", views.report_detail, name="report"),
    path("forms/<str:code>/", views.form_edit, name="form"),
    path("forms/<str:code>/attach/", views.attachment_add, name="attach"),
    path("carry-over/", views.carry_over, name="carry-over"),
    path("submit/", views.submit, name="submit"),
    path("correct/", views.correct, name="correct"),
]

attachment_urls = [
    path("", views.attachment_download, name="attachment"),
    *verbs(views, "attachment", "remove"),
]

# A submitted version of a report.
version_urls = [
    path("", views.version_detail, name="version"),
    *verbs(views, "version", "pdf"),
    path("publish/", views.version_publish, name="publish"),
]

# The follow-up board of a convention.
board_urls = [
    path("", views.board_default, name="board-current"),
    path("<int:year>/", views.board, name="board"),
    path("<int:year>/remind/", views.remind, name="remind"),
]

# The ISU's annual report.
isu_report_urls = [
    path("", views.isu_report, name="isu-report"),
    *verbs(views, "isu-report", "word", "pdf"),
    path("documents/<int:pk>/", views.isu_report_document, name="isu-report-document"),
]

urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_list, name="public"),
    path("statistics/", views.statistics, name="statistics"),
    path("states/<str:iso3>/<str:code>/", include(state_urls)),
    path("reports/<int:pk>/", include(report_urls)),
    path("attachments/<int:pk>/", include(attachment_urls)),
    path("versions/<int:pk>/", include(version_urls)),
    path("board/<str:code>/", include(board_urls)),
    path("isu-report/", include(isu_report_urls)),
]
