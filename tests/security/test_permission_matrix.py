"""The permission matrix: every route × every role × own / another party's object.

The table is tests/security/permission_matrix.py; its vocabulary is tests/security/spec.py.
A route of the URL configuration without a row fails ``test_every_route_has_a_row``
with the line to add. Each cell is its own test, named route-method-role-case.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils import translation

from tests.security.kinds import KINDS
from tests.security.permission_matrix import ROUTES, THIRD_PARTY
from tests.security.spec import Ctx, probes_of
from tests.security.urlconf import all_routes
from tests.security.world import ROLES

pytestmark = pytest.mark.django_db  # makes pytest-django create the test database


@pytest.fixture
def _django_db_helper():
    """This module only: no per-test TestCase (its set-up and constraint check cost more than
    a cell's request); ``client_for`` runs each cell in a savepoint it rolls back."""


ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Rows a request may write without changing what anyone owns: the session, the login log.
UNOWNED_TABLES = ("django_session", "axes_")


def _cells():
    for label, table in (("route", ROUTES), ("tree", THIRD_PARTY)):
        for key, entry in table.items():
            for probe in probes_of(entry):
                for role in ROLES:
                    for case in probe.cases:
                        expect = probe.expect(role, case)
                        marks = []
                        if expect.xfail:
                            reason = f"owner: {expect.xfail} (secure outcome {expect} not landed)"
                            marks.append(pytest.mark.xfail(strict=True, reason=reason))
                        yield pytest.param(
                            label,
                            key,
                            probe,
                            role,
                            case,
                            id=f"{key}-{probe.method}-{role}-{case}",
                            marks=marks,
                        )


CELLS = list(_cells())
_ROUTE_KWARGS = {r.key: r.kwargs for r in all_routes()}


def _writes() -> dict[str, tuple[int, int, int]]:
    """Rows this transaction inserted, updated and deleted so far, per table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables"
        )
        return {
            name: counts
            for name, *counts in cursor.fetchall()
            if not name.startswith(UNOWNED_TABLES)
        }


def _changed(before: dict, after: dict) -> list[str]:
    return sorted(
        t for t, counts in after.items() if tuple(counts) != tuple(before.get(t, (0, 0, 0)))
    )


def _outcome(response) -> int | str:
    if response.status_code in (301, 302, 303):
        path = urlparse(response["Location"]).path
        with translation.override("en"):
            login = resolve_url(settings.LOGIN_URL)
        if path == login or path.rstrip("/").endswith("/login"):
            return "login"
    return response.status_code


def _url(label: str, key: str, probe, world, role: str, case: str) -> str:
    side = world.side(case)
    if label == "tree":
        return probe.path
    wanted = set(_ROUTE_KWARGS[key])
    values = {**(KINDS[probe.kind](side, role) if probe.kind else {}), **probe.kwargs}
    with translation.override("en"):
        url = reverse(key, kwargs={k: v for k, v in values.items() if k in wanted})
    if probe.query:
        url += "?" + probe.query(Ctx(side, world, role))
    return url


@pytest.mark.parametrize(("label", "key", "probe", "role", "case"), CELLS)
def test_cell(label, key, probe, role, case, world, client_for, request):
    if key == "finance:invoice_pay":  # the pay page talks to Stripe: the local stand-in
        request.getfixturevalue("stripe_local")
        request.getfixturevalue("settings").STRIPE_LOCAL_WEBHOOKS = False
    if key.startswith("finance:connect_"):  # Stripe Connect: the recorded responses
        request.getfixturevalue("recorded_connect")
    expect = probe.expect(role, case)
    url = _url(label, key, probe, world, role, case)
    client = client_for(role)
    before = _writes() if probe.method == "POST" else {}
    if probe.method == "POST":
        data = probe.data(Ctx(world.side(case), world, role)) if probe.data else {}
        response = client.post(url, data)
    else:
        response = client.get(url)
    outcome = _outcome(response)
    where = f"{probe.method} {url} as {role} on {case}"
    assert outcome in expect.outcomes, f"{where}: expected {expect}, got {outcome}"
    if probe.method == "POST" and not expect.may_write:
        changed = _changed(before, _writes())
        assert not changed, f"{where} ({outcome}) wrote to {', '.join(changed)}"


def _row_template(route) -> str:
    if not route.kwargs:
        return f'    "{route.key}": GET(None, 200),  # {route.pattern}'
    return (
        f'    "{route.key}": GET("KIND", 404, rh="200/404", staff=200),'
        f"  # {route.pattern}: KIND captures {', '.join(route.kwargs)}"
    )


def test_every_route_has_a_row():
    """A new URL fails here until the table says who may reach it."""
    missing = [r for r in all_routes() if not r.third_party and r.key not in ROUTES]
    uncovered = sorted({r.tree for r in all_routes() if r.third_party} - set(THIRD_PARTY))
    lines = [_row_template(r) for r in missing]
    lines += [
        f'    "{t}": GET(None, "login|403", staff=200, path="/{t}/"),  # to THIRD_PARTY'
        for t in uncovered
    ]
    assert not lines, (
        "Routes without a row in tests/security/permission_matrix.py. Add each line below "
        "to ROUTES and set its cells: the default for signed-in roles, then the roles that "
        "differ, as own/other (spec: tests/security/spec.py). KIND is one of "
        f"{', '.join(sorted(KINDS))} or a new one in tests/security/kinds.py; a write "
        "endpoint is a POST(...) row.\n" + "\n".join(lines)
    )


def test_no_row_for_a_route_that_is_gone():
    keys = {r.key for r in all_routes()}
    stale = sorted(set(ROUTES) - keys)
    assert not stale, f"Rows for routes that no longer exist (remove them): {stale}"


def test_matrix_size_is_reported():
    routes = len(ROUTES)
    cells = len(CELLS)
    own_other = sum(1 for entry in ROUTES.values() if any(p.kind for p in probes_of(entry)))
    text = (
        f"permission matrix: {routes} routes of ours ({own_other} about an object) "
        f"+ {len(THIRD_PARTY)} third-party trees × {len(ROLES)} roles × own/other "
        f"= {cells} cells\n"
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "permission-matrix.txt").write_text(text + _table())
    print(text)
    assert cells > routes * len(ROLES)


def _table() -> str:
    rows = []
    for key, entry in {**ROUTES, **THIRD_PARTY}.items():
        for probe in probes_of(entry):
            cells = " ".join(
                f"{role}={'/'.join(str(e) for e in probe.cells[role])}" for role in ROLES
            )
            rows.append(f"{key} {probe.method} {probe.kind or '-'}: {cells}")
    return "\n".join(rows) + "\n"
