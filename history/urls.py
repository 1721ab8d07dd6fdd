from django.urls import path

from history import views

app_name = "history"

urlpatterns = [
    path("findings/<int:pk>/history/", views.finding_history, name="finding"),
    path("inspections/<int:pk>/history/", views.inspection_history, name="inspection"),
]
