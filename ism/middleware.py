from django.contrib.auth.middleware import LoginRequiredMiddleware as _Base


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
