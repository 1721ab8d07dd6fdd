"""The browsable documentation: Swagger UI, from drf-spectacular-sidecar's static files
(served by whitenoise like ours), under the site's content security policy.

drf-spectacular's split view serves the start-up script as a file of its own (no inline
script); our template leaves out its inline style too, so nothing needs an exception in
the policy. It is a page for people: someone not signed in is sent to sign in first.
"""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "PEEL tracker API"
    permission_classes = [AllowAny]  # the page asks anonymous visitors to sign in

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)
