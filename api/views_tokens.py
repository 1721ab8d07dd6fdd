"""The account page where a user makes and revokes their API tokens.

A new token is shown once, on the page that made it (never stored, never sent again);
the list shows each token's recognisable start, what it may do, when it expires and when
it was last used. Revoking marks a token; it stays in the list.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from api.forms import TokenForm
from api.models import ApiToken
from api.tokens import create_token, revoke_token


def _page(request: HttpRequest, form: TokenForm, *, new_token: str = "", status: int = 200):
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at", "-pk")
    response = render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "new_token": new_token},
        status=status,
    )
    # The page may show a token: never keep it in a cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        _, raw = create_token(
            request.user,
            name=form.cleaned_data["name"],
            read_only=form.cleaned_data["access"] == "read",
            expires_at=form.expires_at(),
        )
    except ValueError as refused:
        form.add_error(None, str(refused))
        return _page(request, form, status=400)
    return _page(request, TokenForm(), new_token=raw, status=201)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's token does not exist for you.
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    revoke_token(token, by=request.user)
    messages.success(request, f"Token \u201c{token.name}\u201d revoked. It can no longer be used.")
    return redirect("api-tokens:list")
