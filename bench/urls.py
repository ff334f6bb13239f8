"""ISM's URLs plus the baselines' bare views; run.py makes this the ROOT_URLCONF,
and bench/settings_api.py makes it that of the gunicorn the API benchmarks load."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from bench.api_baseline import ENDPOINTS


@login_not_required
def bare(request):
    """Django's floor: ISM's whole middleware stack, then no session lookup, no
    query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/bare", bare, name="bench-bare"),
    # Under /api/ like ISM's endpoints, so that the same middleware passes them
    # by (the login check exempts /api/ before it would load the session).
    *(
        path(f"api/__bench__/{name}/", view.as_view(), name=f"bench-api-{name}")
        for name, view in ENDPOINTS.items()
    ),
    path("", include("ism.urls")),
]
