"""The kernel names the catalog's manager roles without importing the catalog."""

from __future__ import annotations

from catalog.kernel.permissions import MANAGER_ROLES
from catalog.models import Membership


def test_manager_roles_are_the_catalogs_owner_and_admin():
    assert set(MANAGER_ROLES) == {Membership.Role.OWNER, Membership.Role.ADMIN}
    assert set(MANAGER_ROLES) <= set(Membership.Role.values)
