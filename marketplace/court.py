"""A court user sees the court portal and nothing else of the marketplace.

A court's clerk or judge holds the ``court`` platform role (and is a member of the court's
party, which lets them record and lift its orders: ``acting_courts``). The role gives no
ordinary marketplace rights — no listing, searching for deals, inquiring, offering,
signing, registering, pledging — so every site page outside the portal (the court seizure
pages), their own account pages and the public verify pages answers 403; the home page
sends them to the portal. Staff (and superusers) who also hold the role are not confined.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from catalog.kernel.permissions import is_court, is_staff

# Outside the site's language-prefixed pages: files, language switch, probes, and the two
# admin sites (which refuse non-staff themselves).
_OPEN_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/admin/", "/cms-admin/")
_OPEN_TREES = ("/documents/",)
# Site pages a court user may reach (URL names; the verify pages are public anyway).
PORTAL = {
    "pledges:seizures",
    "pledges:seizure_new",
    "pledges:seizure_detail",
    "pledges:seizure_release",
    "pledges:seizure_document",
}
PUBLIC = {
    "registration:verify",
    "registration:verify_sample",
    "pledges:verify",
    "contracts:verify",
}


MEMBERSHIP_PAGES = {"organisations", "invitations"}  # under /<lang>/accounts/


def is_confined(user: object) -> bool:
    return is_court(user) and not is_staff(user)


def _allowed(path: str) -> bool:
    if path.startswith(_OPEN_PREFIXES + _OPEN_TREES):
        return True
    parts = path.split("/", 4)  # "", "<lang>", "accounts", ...
    if len(parts) > 2 and parts[2] == "accounts":
        # Their own account, sign-in and second factor; joining organisations (asking, or
        # accepting an invitation) is marketplace business.
        return len(parts) < 4 or parts[3] not in MEMBERSHIP_PAGES
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in PORTAL | PUBLIC


def _is_home(path: str) -> bool:
    parts = path.strip("/").split("/")
    return len(parts) == 1


class CourtPortalMiddleware:
    """Keeps court users in the court portal (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if is_confined(user) and not _allowed(request.path_info):
            if request.method == "GET" and _is_home(request.path_info):
                return redirect("pledges:seizures")
            raise PermissionDenied(_("A court account reaches only the court portal."))
        return self.get_response(request)
