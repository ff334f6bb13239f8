from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_list, name="public"),
    path("statistics/", views.statistics, name="statistics"),
    path("states/<str:iso3>/<str:code>/", views.state_reports, name="state"),
    path("states/<str:iso3>/<str:code>/start/", views.report_start, name="start"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/forms/<str:code>/", views.form_edit, name="form"),
    path(
        "reports/<int:pk>/forms/<str:code>/attach/",
        views.attachment_add,
        name="attach",
    ),
    path("reports/<int:pk>/carry-over/", views.carry_over, name="carry-over"),
    path("reports/<int:pk>/submit/", views.submit, name="submit"),
    path("reports/<int:pk>/correct/", views.correct, name="correct"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path(
        "attachments/<int:pk>/remove/",
        views.attachment_remove,
        name="attachment-remove",
    ),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/pdf/", views.version_pdf, name="version-pdf"),
    path("versions/<int:pk>/publish/", views.version_publish, name="publish"),
    path("board/<str:code>/", views.board_default, name="board-current"),
    path("board/<str:code>/<int:year>/", views.board, name="board"),
    path("board/<str:code>/<int:year>/remind/", views.remind, name="remind"),
    path("isu-report/", views.isu_report, name="isu-report"),
    path("isu-report/word/", views.isu_report_word, name="isu-report-word"),
    path("isu-report/pdf/", views.isu_report_pdf, name="isu-report-pdf"),
    path(
        "isu-report/documents/<int:pk>/",
        views.isu_report_document,
        name="isu-report-document",
    ),
]
