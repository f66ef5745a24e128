"""What the navigation bar may offer this user: the kernel's answers, so the template does
not decide roles, staff and superusers by itself."""

from __future__ import annotations

from django.http import HttpRequest

from catalog.kernel.permissions import has_role, is_staff
from marketplace.court import is_confined
from marketplace.roles import Role


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    may = {role.value: has_role(user, role.value) for role in Role}
    may["staff"] = is_staff(user)  # Django staff and superusers too, not only the role
    # A court user's bar offers the court portal and nothing else (marketplace/court.py).
    return {"nav_may": may, "nav_court_only": is_confined(user)}
