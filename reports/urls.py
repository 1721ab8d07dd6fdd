from django.urls import path, register_converter

from reports import findings_export, views


class ExportFormat:
    """The file formats the exports offer; any other suffix is a 404."""

    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ExportFormat, "fmt")

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("actions.<fmt:fmt>", views.actions_export, name="actions_export"),
    path("findings.<fmt:fmt>", findings_export.findings_export, name="findings_export"),
    path("national/", views.national_report, name="national"),
    path("national.<fmt:fmt>", views.national_report_export, name="national_export"),
    path("forces/<slug:slug>/", views.force_report, name="force"),
    path("forces/<slug:slug>.<fmt:fmt>", views.force_report_export, name="force_export"),
    path("inspections/<int:pk>/", views.inspection_report, name="inspection"),
    path(
        "inspections/<int:pk>.<fmt:fmt>", views.inspection_report_export, name="inspection_export"
    ),
]
