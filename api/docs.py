"""The browsable documentation: Swagger UI, from drf-spectacular-sidecar's static files
(served by whitenoise like ours), under the site's content security policy.

drf-spectacular's split view serves the start-up script as a file of its own (no inline
script); our template leaves out its inline style too, so nothing needs an exception in
the policy.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"
    title = "PEEL tracker API"
