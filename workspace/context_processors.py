"""The service navigation: which pages a signed-in user's role leads to.

A link is offered only when its page exists (its URL name resolves), so a page another
part of the project adds later appears in the navigation without a change here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    current: bool  # this very page: aria-current="page"
    active: bool  # a page inside this section: aria-current="true"


def _links_for(user) -> list[tuple[str, str]]:
    links: list[tuple[str, str]] = []
    if user.is_force_lead:
        links.append(("My actions", "workspace:my_actions"))
    links.append(
        ("Our force\u2019s actions" if user.is_force_staff else "Actions", "workspace:action_list")
    )
    if user.is_inspector:
        links.append(("Verification queue", "workspace:verification_queue"))
    links.append(("Reports", "reports:index"))
    if user.is_inspector or user.is_superuser:
        links.append(("Admin", "admin:index"))
    return links


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for text, name in _links_for(user):
        try:
            href = reverse(name)
        except NoReverseMatch:
            continue
        items.append(
            NavItem(
                text=text,
                href=href,
                current=request.path == href,
                active=request.path != href and href != "/" and request.path.startswith(href),
            )
        )
    return {"nav_items": items}
