"""Force workspace pages. Lists and finding pages live in views_lists, the action page and
the verification queue in views_actions; both modules add their routes here."""

app_name = "workspace"

urlpatterns: list = []
