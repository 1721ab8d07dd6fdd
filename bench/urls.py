"""The project's URLs plus the benchmark's baseline: a signed-in page that runs one query."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from inspections.models import Force


@login_required
def baseline(request: HttpRequest) -> HttpResponse:
    """One query of its own (plus the session and user every signed-in page loads)."""
    return HttpResponse(f"{Force.objects.count()} forces", content_type="text/plain")


urlpatterns = [
    path("bench/baseline/", baseline, name="bench-baseline"),
    path("", include("peel.urls")),
]
