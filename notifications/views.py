"""The user's own notification pages: which mails they get, the mails they were sent, and
the one-click unsubscribe link every mail carries.

- Preferences (/account/notifications/) and the list (/notifications/): any signed-in
  user, for themselves only (anonymous visitors sign in first). A national manager gets
  no mails: the preferences page says so.
- Unsubscribe (/notifications/unsubscribe/<token>/): no sign-in, the signed token is the
  proof. GET shows a confirmation page; POST turns the kind off. The POST needs no CSRF
  token, so that mail programs can send RFC 8058's one-click POST
  ("List-Unsubscribe=One-Click"): it can only ever turn one kind of mail off for the
  user the link was made for. A token we did not sign is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from accounts.models import User
from notifications.forms import PreferencesForm
from notifications.kinds import kinds_for
from notifications.models import MailPreference, Notification
from notifications.unsubscribe import read_token, set_preference

PAGE_SIZE = 25


def _enabled_kinds(user: User) -> list[str]:
    off = set(
        MailPreference.objects.filter(user=user, enabled=False).values_list("kind", flat=True)
    )
    return [kind.value for kind in kinds_for(user) if kind.value not in off]


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    kinds = kinds_for(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            chosen = set(form.cleaned_data["kinds"])
            for kind in kinds:
                set_preference(
                    request.user.pk, kind, enabled=kind.value in chosen, via=MailPreference.Via.PAGE
                )
            messages.success(request, "Your email choices are saved.")
            return redirect("notifications:preferences")
        status = 400
    else:
        form = PreferencesForm(initial={"kinds": _enabled_kinds(request.user)}, kinds=kinds)
        status = 200
    return render(
        request, "notifications/preferences.html", {"form": form, "kinds": kinds}, status=status
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The mails sent to the user, newest first, 25 a page."""
    rows = Notification.objects.for_user(request.user).order_by("-created_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "page_range": page.paginator.get_elided_page_range(page.number)},
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_token(token)
    if found is None:
        raise Http404("This unsubscribe link is not valid.")
    user_id, kind = found
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Http404("This unsubscribe link is not valid.")
    if request.method == "POST":
        set_preference(user.pk, kind, enabled=False, via=MailPreference.Via.LINK)
        return render(request, "notifications/unsubscribed.html", {"kind": kind})
    return render(request, "notifications/unsubscribe_confirm.html", {"kind": kind, "token": token})
