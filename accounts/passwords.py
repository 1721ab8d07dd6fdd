"""Password change and reset, rate-limited, and a reset that ends a sign-in lockout.

Limits (per hour, counted in the shared cache by `peel.ratelimit`):

- password reset: `RESETS_PER_ADDRESS` e-mails to one address, whoever asks (more requests
  look the same to the asker, but send nothing), and `RESETS_PER_CLIENT` requests from one
  client address (more are refused with 429);
- password change: `CHANGES_PER_USER` attempts by one signed-in user (more are refused with
  429), so a stolen session cannot guess the old password.

Setting a new password through a reset link clears the sign-in lockout of that username
(django-axes), so a real user locked out by someone guessing recovers on their own.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from peel.client_ip import client_ip
from peel.ratelimit import allow

HOUR = 60 * 60
RESETS_PER_ADDRESS = 3
RESETS_PER_CLIENT = 10
CHANGES_PER_USER = 10


def too_many(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "429.html", {"what": what}, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        address = client_ip(request) or ""
        if not allow("reset-client", address, limit=RESETS_PER_CLIENT, window=HOUR):
            return too_many(request, "requests to reset a password")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form) -> HttpResponse:
        email = form.cleaned_data["email"]
        if not allow("reset-address", email, limit=RESETS_PER_ADDRESS, window=HOUR):
            # The same answer as a sent reset, so the limit tells nobody anything.
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not allow("change-user", str(request.user.pk), limit=CHANGES_PER_USER, window=HOUR):
            return too_many(request, "attempts to change your password")
        return super().post(request, *args, **kwargs)
