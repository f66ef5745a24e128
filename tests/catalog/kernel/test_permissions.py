"""Who a user is — staff, a role holder, the parties they act for — is asked of one module.

Before ``catalog/kernel/permissions.py`` there were six helpers for "the parties this user
acts for" and three ``is_staff`` that disagreed about superusers and the staff role. Read
from the source with ``ast``, this fails when code outside the kernel

- defines a function with a kernel predicate's name (or one of the old copies' names:
  ``user_party_ids``, ``member_party_ids``, ``is_member`` …), or
- decides by itself: reads ``.is_staff``, ``.is_superuser`` or a user's ``.roles``,
  calls ``.has_role()``, or tests ``"examiner" in …`` — in Python or in a template
  (the navigation bar gets the kernel's answers as ``nav_may``).

The project's User model (``marketplace/models.py``) stores the roles and is not read.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("catalog", "licensing", "finance", "marketplace", "cms")
KERNEL = ROOT / "catalog" / "kernel"
ROLE_STORE = ROOT / "marketplace" / "models.py"
# Names the old per-package copies had.
OLD_NAMES = {
    "user_party_ids",
    "member_party_ids",
    "party_ids",
    "user_parties",
    "is_member",
    "member_of",
    "is_superuser",
    "is_pledge_examiner",
}
USER_ATTRIBUTES = {"is_staff", "is_superuser"}
ROLES = {"staff", "examiner", "mediator", "bank"}
# Copies another move of issue 22 (the deals workflow) is replacing right now. Delete an
# entry when its copy is gone: the test fails on an entry that no longer matches
# anything, so this list only shrinks.
PENDING: set[str] = set()


def kernel_names() -> set[str]:
    tree = ast.parse((KERNEL / "permissions.py").read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or KERNEL in path.parents or path == ROLE_STORE:
                continue
            yield path


def names_user(node: ast.expr) -> bool:
    """``user``, ``request.user``, ``self.user``, ``mediator`` …: an expression naming a user."""
    text = ast.unparse(node)
    return bool(re.search(r"(^|\.|_)(user|actor|mediator|examiner)$", text))


def imported_names(tree: ast.AST) -> set[str]:
    """Names bound by imports: ``kernel.is_staff`` is the kernel's predicate, not a field."""
    return {
        (alias.asname or alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    }


def findings(path: Path, tree: ast.AST, forbidden_names: set[str]) -> list[str]:
    found = []
    modules = imported_names(tree)

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {what}")

    def is_module(node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in modules

    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name.lstrip("_") in forbidden_names:
                report(node, f"defines {node.name}() — use catalog.kernel.permissions")
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            if node.attr in USER_ATTRIBUTES and not is_module(node.value):
                report(node, f"reads {ast.unparse(node)} — use kernel is_staff/may_act_for")
            elif node.attr == "roles" and names_user(node.value):
                report(node, f"reads {ast.unparse(node)} — use kernel has_role")
            elif node.attr == "has_role" and not is_module(node.value):
                report(node, f"calls {ast.unparse(node)}() — use kernel has_role/is_<role>")
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "getattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in USER_ATTRIBUTES | {"roles"}
        ):
            report(node, f"{ast.unparse(node)} — use the kernel predicates")
        elif (
            isinstance(node, ast.Compare)
            and isinstance(node.left, ast.Constant)
            and node.left.value in ROLES
            and any(isinstance(op, (ast.In, ast.NotIn)) for op in node.ops)
        ):
            report(node, f"{ast.unparse(node)} — use kernel has_role/is_<role>")
    return found


def test_permissions_are_asked_of_the_kernel():
    forbidden = kernel_names() | OLD_NAMES
    found, pending_seen = [], set()
    for path in source_files():
        relative = str(path.relative_to(ROOT))
        hits = findings(path, ast.parse(path.read_text(), filename=str(path)), forbidden)
        if relative not in PENDING:
            found += hits
        elif hits:
            pending_seen.add(relative)
    assert not found, "permission decisions outside catalog/kernel/permissions.py:\n" + "\n".join(
        found
    )
    assert pending_seen >= PENDING, f"no copies left in {sorted(PENDING - pending_seen)}: " + (
        "delete them from PENDING"
    )


# A template that decides by itself: staff or superuser flags, or a role looked up in a list.
TEMPLATE_DECISION = re.compile(
    r"is_superuser|is_staff|has_role|[\"'](staff|examiner|mediator|bank)[\"'] in "
)


def test_templates_ask_the_kernel_too():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if TEMPLATE_DECISION.search(line)
    ]
    assert not found, "templates deciding roles (use nav_may or a view's answer):\n" + "\n".join(
        found
    )


def test_navigation_offers_what_the_kernel_allows(rf, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    from marketplace.context_processors import navigation

    request = rf.get("/")
    request.user = AnonymousUser()
    assert not any(navigation(request)["nav_may"].values())
    request.user = django_user_model(username="s", is_superuser=True)
    assert all(navigation(request)["nav_may"].values())
    request.user = django_user_model(username="m", roles=["mediator"])
    may = navigation(request)["nav_may"]
    assert may["mediator"] and not may["staff"] and not may["examiner"]
    request.user = django_user_model(username="d", is_staff=True)
    assert navigation(request)["nav_may"]["staff"]


def test_the_check_sees_what_it_looks_for():
    tree = ast.parse(
        "def is_staff(user): return user.is_staff or user.has_role('staff')\n"
        "def _party_ids(user): ...\n"
        "ok = 'examiner' in (getattr(request.user, 'roles', None) or [])\n"
        "fine = contributor.roles\n"
        "from catalog.kernel import permissions as kernel\n"
        "also_fine = kernel.is_staff(user) or kernel.has_role(user, 'bank')\n"
    )
    found = findings(ROOT / "x.py", tree, {"is_staff", "party_ids"})
    assert sorted(line.split(":")[1] for line in found) == ["1", "1", "1", "2", "3", "3"]
