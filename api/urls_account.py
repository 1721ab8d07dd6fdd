"""The account page for API tokens, under /account/tokens/ (the API itself: api/urls.py)."""

from django.urls import path

from api import views_tokens

app_name = "api-tokens"

urlpatterns = [
    path("tokens/", views_tokens.tokens, name="list"),
    path("tokens/<int:pk>/revoke/", views_tokens.revoke, name="revoke"),
]
