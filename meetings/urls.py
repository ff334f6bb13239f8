from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("feeds/<str:code>.ics", views.meeting_ics, name="ics"),
    path("feeds/<str:code>/new/", views.calendar_feed_new, name="feed-new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/status/", views.meeting_status, name="status"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("<int:pk>/agenda/<int:item_pk>/", views.agenda_edit, name="agenda-edit"),
    path(
        "<int:pk>/agenda/<int:item_pk>/delete/",
        views.agenda_delete,
        name="agenda-delete",
    ),
    path("<int:pk>/documents/new/", views.document_create, name="document-create"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_detail, name="document"),
    path(
        "<int:pk>/documents/<int:doc_pk>/upload/",
        views.document_upload,
        name="document-upload",
    ),
    path(
        "<int:pk>/documents/<int:doc_pk>/delete/",
        views.document_remove,
        name="document-delete",
    ),
    path(
        "<int:pk>/documents/<int:doc_pk>/files/<int:file_pk>/delete/",
        views.document_file_remove,
        name="document-file-delete",
    ),
    path("files/<int:file_pk>/", views.document_download, name="download"),
    path(
        "<int:pk>/delegations/", views.delegation_register, name="delegation-register"
    ),
    path(
        "<int:pk>/delegations/<int:delegation_pk>/",
        views.delegation_detail,
        name="delegation",
    ),
    path(
        "<int:pk>/delegations/<int:delegation_pk>/people/<int:participant_pk>/",
        views.participant_edit,
        name="participant-edit",
    ),
    path(
        "<int:pk>/delegations/<int:delegation_pk>/people/<int:participant_pk>/delete/",
        views.participant_remove,
        name="participant-delete",
    ),
    path(
        "<int:pk>/participants.xlsx", views.participants_xlsx, name="participants-xlsx"
    ),
    path("<int:pk>/participants.pdf", views.participants_pdf, name="participants-pdf"),
    path("sponsorship/", views.programme_index, name="programmes"),
    path("sponsorship/new/", views.programme_create, name="programme-create"),
    path("sponsorship/<int:pk>/", views.programme_detail, name="programme"),
    path("sponsorship/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path(
        "sponsorship/<int:pk>/apply/",
        views.application_create,
        name="application-create",
    ),
    path(
        "sponsorship/applications/<int:pk>/",
        views.application_detail,
        name="application",
    ),
]
