"""The service navigation: which pages a signed-in user's role leads to.

Each role sees the pages it may use; the pages themselves still check (404 otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from peel.admin_site import is_inspector_or_superuser


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
    links.append(
        (
            "Our force\u2019s findings" if user.is_force_staff else "Findings",
            "workspace:finding_register",
        )
    )
    if user.is_inspector:
        links.append(("Verification queue", "workspace:verification_queue"))
    links.append(("Reports", "reports:index"))
    links.append(("PCC responses", "notifications:pcc_index"))
    if is_inspector_or_superuser(user) and user.is_staff:  # who the admin lets in
        links.append(("Admin", "admin:index"))
    return links


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for text, name in _links_for(user):
        href = reverse(name)
        items.append(
            NavItem(
                text=text,
                href=href,
                current=request.path == href,
                active=request.path != href and href != "/" and request.path.startswith(href),
            )
        )
    return {"nav_items": items}
