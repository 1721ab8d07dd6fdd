"""Token authentication for systems: `Authorization: Bearer peel_...`.

Session authentication (for the browser, and the documentation page) comes from DRF;
this adds the user's API tokens. A token that is expired, revoked or unknown is refused
with 401 and a JSON message saying which; a request without one is left to the session.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from api.tokens import TokenRefused, check_token
from peel.change_record import record_actor

KEYWORD = "Bearer"


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as one value: Authorization: Bearer peel_..."
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("The API token is not recognised.") from None
        try:
            token = check_token(raw)
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from None
        record_actor(token.user)  # the change record's "who" for this request's writes
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{KEYWORD} realm="api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token made on the Account > API tokens page (or with "
                "`manage.py create_api_token`): `Authorization: Bearer peel_...`."
            ),
        }
