from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from ism.params import no_nul, query_language


class LoginRequiredMiddleware(_Base):
    """Pages need a login unless their view is marked @login_not_required.

    The API and the health check answer for themselves: the API with its own
    authentication (anonymous clients see public data only) and a 401/403 in JSON,
    never a redirect to an HTML login page.
    """

    exempt_prefixes = ("/api/", "/healthz")

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(self.exempt_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivatePagesMiddleware:
    """A page shown to a signed-in user is theirs: `Cache-Control: private,
    no-store`, so neither a shared cache nor the browser's history keeps a copy
    after they sign out (a shared computer in a delegation's office). A view that
    says otherwise keeps its own header; the API says `private, no-cache` itself
    (ism.api_http), so its ETags still spare a download."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith("/api/")
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is a 400, before any view:
    no ISM value contains one, and PostgreSQL refuses it in a query (a 500 for
    /conventions/%00/ and every other route with a text segment)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        no_nul(request.path_info, _("The address"))
        for key, values in request.GET.lists():
            no_nul(key, _("A parameter's name"))
            for value in values:
                no_nul(value, key, field=key)
        return self.get_response(request)


class UserLanguageMiddleware:
    """A signed-in user's pages are in the language they chose in the menu (stored
    on their account by ism.views.language_set), on any browser and after the
    session ends; without a choice, LocaleMiddleware's (the language cookie, else
    the browser's Accept-Language). After AuthenticationMiddleware; LocaleMiddleware
    still writes Content-Language and Vary from the language active here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if request.path.startswith("/api/"):
            # A program asks with ?lang= (or Accept-Language, which LocaleMiddleware
            # read); the answer carries Content-Language and varies by it.
            chosen = query_language(request)
        elif not (user is not None and user.is_authenticated):
            chosen = ""
        if chosen:
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
