"""ISM's own error pages (handler400/403/404/500 in ism.urls).

People get a page in ISM's layout that says why, in ISM's words: the reason a
PermissionDenied was raised with ("Only the ISU staff and auditors of the APMBC read
its accounts."), or that there is no such page — never Django's bare "403 Forbidden"
nor, with DEBUG on, its technical page listing every URL (the demo runs with DEBUG
off for that reason, see .ci/demo-env). Programs under /api/ get the one error shape
of ism.api.exception_handler, which answers inside DRF's views; these answer what
happens outside them (a path no route matches, a bad Host header, a crash).

A 404 says nothing of why: another State's invoice must look exactly like one that
does not exist (DESIGN.md, Access).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from ism.params import BadParameter

logger = logging.getLogger(__name__)


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(status: int, code: str, detail: str) -> JsonResponse:
    error = {"status": status, "code": code, "detail": detail}
    return JsonResponse({"error": error}, status=status)


@requires_csrf_token
def bad_request(request, exception):
    """A malformed request, or one Django finds suspicious (a Host not in
    ALLOWED_HOSTS). Rendered without the request, as Django's own handler does:
    what made the request bad (its Host, its session) must not be read again to
    draw the page."""
    # ISM's own refusals of a URL value say which and why (ism.params); others
    # (Django's, about a Host or a session) stay unexplained.
    reason = ""
    if isinstance(exception, BadParameter):
        reason = exception.args[0] if exception.args else ""
    if _is_api(request):
        field = getattr(exception, "field", None)
        if field:
            # As the API's own filters answer a bad value (ism.api.exception_handler).
            error = {"status": 400, "code": "invalid", "detail": reason}
            error["fields"] = {field: [reason]}
            return JsonResponse({"error": error}, status=400)
        return _api_error(400, "bad_request", reason or _("Bad request."))
    context = {"ism_environment": settings.ISM_ENVIRONMENT, "reason": reason}
    return render(None, "400.html", context, status=400)


@requires_csrf_token
def permission_denied(request, exception):
    """The page, with the reason the check gave (autoescaped by the template)."""
    reason = str(exception) if exception is not None else ""
    if _is_api(request):
        detail = reason or _("You do not have permission to perform this action.")
        return _api_error(403, "permission_denied", detail)
    return render(request, "403.html", {"reason": reason}, status=403)


@requires_csrf_token
def not_found(request, exception):
    """Under /api/, a path no route matches (a lookup with a dot in it,
    /api/v1/states/N.O/, or a typo) answers in the API's error shape, as every
    other API error does."""
    if _is_api(request):
        return _api_error(404, "not_found", _("Not found."))
    return render(request, "404.html", {"request_path": request.path_info}, status=404)


@requires_csrf_token
def server_error(request):
    """Something broke. The page must not break too: no request context (no user,
    no database), no URL reversing (the URLconf itself may be what failed) — and
    should the template fail anyway, a plain sentence."""
    if _is_api(request):
        return _api_error(500, "server_error", _("A server error occurred."))
    try:
        template = loader.get_template("500.html")
        body = template.render({"ism_environment": settings.ISM_ENVIRONMENT})
    except Exception:  # the error page of last resort must answer whatever happens
        logger.exception("templates/500.html failed to render")
        body = "<h1>Server error (500)</h1>"
    return HttpResponseServerError(body)
