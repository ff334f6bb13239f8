"""ISM's URLs plus the baselines' bare views; run.py makes this the ROOT_URLCONF."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path


@login_not_required
def bare(request):
    """Django's floor: ISM's whole middleware stack, then no session lookup, no
    query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/bare", bare, name="bench-bare"),
    path("", include("ism.urls")),
]
