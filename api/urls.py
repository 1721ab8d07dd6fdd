"""The API's routes: /api/v1/ (the resources), /api/schema/ (OpenAPI 3), /api/docs/
(Swagger UI, from the app's own static files: the CSP allows nothing from outside)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views_actions, views_evidence, views_reference, views_reports
from api.docs import SwaggerView

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("forces", views_reference.ForceViewSet, basename="force")
router.register("cycles", views_reference.CycleViewSet, basename="cycle")
router.register("inspections", views_reference.InspectionViewSet, basename="inspection")
router.register("findings", views_reference.FindingViewSet, basename="finding")
router.register("actions", views_actions.ActionViewSet, basename="action")
router.register(
    "due-date-proposals", views_actions.DueDateProposalViewSet, basename="due-date-proposal"
)
router.register("evidence", views_evidence.EvidenceViewSet, basename="evidence")

action_evidence = views_evidence.ActionEvidenceViewSet.as_view({"get": "list", "post": "create"})

v1 = [
    *router.urls,
    path("actions/<int:pk>/evidence/", action_evidence, name="action-evidence"),
    path(
        "reports/forces/<slug:slug>/", views_reports.ForceReportView.as_view(), name="report-force"
    ),
    path(
        "reports/inspections/<int:pk>/",
        views_reports.InspectionReportView.as_view(),
        name="report-inspection",
    ),
    path("reports/national/", views_reports.NationalReportView.as_view(), name="report-national"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
]
