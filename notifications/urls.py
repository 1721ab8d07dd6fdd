from django.urls import path

from notifications import views, views_pcc

app_name = "notifications"

urlpatterns = [
    # The preferences page has its own URL under /account/ (the API's token page is
    # another), and its own template.
    path("account/notifications/", views.preferences, name="preferences"),
    path("notifications/", views.notification_list, name="list"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("pcc/", views_pcc.pcc_index, name="pcc_index"),
    path("pcc/inspections/<int:pk>/", views_pcc.pcc_inspection, name="pcc_inspection"),
    path("pcc/recommendations/<int:pk>/", views_pcc.pcc_respond, name="pcc_respond"),
]
