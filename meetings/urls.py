from django.urls import include, path

from ism.routes import verbs
from meetings import views

app_name = "meetings"

agenda_item_urls = [
    path("", views.agenda_edit, name="agenda-edit"),
    *verbs(views, "agenda", "delete"),
]

document_urls = [
    path("", views.document_detail, name="document"),
    *verbs(views, "document", "upload"),
    path("delete/", views.document_remove, name="document-delete"),
    path(
        "files/<int:file_pk>/delete/",
        views.document_file_remove,
        name="document-file-delete",
    ),
]

participant_urls = [
    path("", views.participant_edit, name="participant-edit"),
    path("delete/", views.participant_remove, name="participant-delete"),
]

# A delegation and the people on it.
delegation_urls = [
    path("", views.delegation_detail, name="delegation"),
    path("people/<int:participant_pk>/", include(participant_urls)),
]

meeting_urls = [
    path("", views.meeting_detail, name="detail"),
    *verbs(views, "meeting", "edit", "status", named=False),
    path("agenda/", views.agenda_add, name="agenda-add"),
    path("agenda/<int:item_pk>/", include(agenda_item_urls)),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/<int:doc_pk>/", include(document_urls)),
    path("delegations/", views.delegation_register, name="delegation-register"),
    path("delegations/<int:delegation_pk>/", include(delegation_urls)),
    path("participants.xlsx", views.participants_xlsx, name="participants-xlsx"),
    path("participants.pdf", views.participants_pdf, name="participants-pdf"),
]

# The Sponsorship Programme.
programme_urls = [
    path("", views.programme_detail, name="programme"),
    *verbs(views, "programme", "edit"),
    path("apply/", views.application_create, name="application-create"),
]

sponsorship_urls = [
    path("", views.programme_index, name="programmes"),
    path("new/", views.programme_create, name="programme-create"),
    path("<int:pk>/", include(programme_urls)),
    path("applications/<int:pk>/", views.application_detail, name="application"),
]

urlpatterns = [
    path("", views.meeting_index, name="index"),
    path("calendar/", views.meeting_calendar, name="calendar"),
    path("new/", views.meeting_create, name="create"),
    path("feeds/<str:code>.ics", views.meeting_ics, name="ics"),
    path("feeds/<str:code>/new/", views.calendar_feed_new, name="feed-new"),
    path("<int:pk>/", include(meeting_urls)),
    path("files/<int:file_pk>/", views.document_download, name="download"),
    path("sponsorship/", include(sponsorship_urls)),
]
