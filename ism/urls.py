from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from ism import (
    accounts,
    views,
    views_parties,
    views_people,
    views_tokens,
    views_vocabulary,
)
from ism.api import router

# ISM's own error pages in the layout, saying why; under /api/ the API's error shape.
handler400 = "ism.views_errors.bad_request"
handler403 = "ism.views_errors.permission_denied"
handler404 = "ism.views_errors.not_found"
handler500 = "ism.views_errors.server_error"

# One convention's page and its settings.
convention_urls = [
    path("", views.convention_detail, name="convention-detail"),
    path("settings/", views.convention_edit, name="convention-edit"),
    # Its vocabulary (issue 17): kinds of meeting, obligations.
    path(
        "settings/<str:catalogue>/new/",
        views_vocabulary.catalogue_row_edit,
        name="catalogue-row-new",
    ),
    path(
        "settings/<str:catalogue>/<int:pk>/",
        views_vocabulary.catalogue_row_edit,
        name="catalogue-row-edit",
    ),
    path("parties/import/", views_parties.parties_import, name="parties-import"),
    # Who works on the convention, in which role (ism.people).
    path("people/", views_people.people_list, name="people"),
    path("people/invite/", views_people.people_invite, name="people-invite"),
    path("people/grant/", views_people.people_grant, name="people-grant"),
    path(
        "people/roles/<int:pk>/revoke/",
        views_people.role_revoke,
        name="role-revoke",
    ),
    path(
        "people/invitations/<int:pk>/revoke/",
        views_people.invitation_revoke,
        name="invitation-revoke",
    ),
]

# A user's API tokens.
api_token_urls = [
    path("", views_tokens.api_token_list, name="api-tokens"),
    path("new/", views_tokens.api_token_create, name="api-token-create"),
    path("<int:pk>/revoke/", views_tokens.api_token_revoke, name="api-token-revoke"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("public/", views.public_index, name="public-index"),
    path("conventions/<str:code>/", include(convention_urls)),
    path(
        "states/<str:iso3>/<str:code>/contact/",
        views.state_contact,
        name="state-contact",
    ),
    # The invitee's page behind the mailed link: no login (they may have none).
    path(
        "invitations/<str:token>/",
        views_people.invitation_accept,
        name="invitation-accept",
    ),
    path("committees/<int:pk>/", views.committee_detail, name="committee-detail"),
    path("account/digest/", views.todo_digest, name="todo-digest"),
    path("api-tokens/", include(api_token_urls)),
    path(
        "calendar-links/<int:pk>/revoke/",
        views_tokens.calendar_feed_revoke,
        name="calendar-feed-revoke",
    ),
    # Each app's pages under its name.
    *(
        path(f"{app}/", include(f"{app}.urls"))
        for app in ("budgets", "workplans", "meetings", "reporting")
    ),
    # Before Django's own: the reset is throttled and mailed through the outbox.
    path(
        "accounts/password_reset/",
        login_not_required(accounts.ThrottledPasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", login_not_required(views.language_set), name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    # Namespaced: the router names its routes "convention-detail", "committee-detail"
    # and would otherwise take over the pages of the same name in {% url %}.
    path("api/v1/", include((router.urls, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # The split view serves its start-up script as a file: no inline script,
        # so the docs run under the Content-Security-Policy.
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]
