"""The pool page offers the structure form and the launch exactly to those the services
accept, while the pool is a draft; every move writes one audit row of the workflow's shape."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from finance.valuation.pools import pool_create, pool_go_live, pool_update_structure
from tests.factories.catalog import make_user
from tests.factories.pledges import Holder, make_bank
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


class _Undo(Exception):
    pass


def _accepted(call, user) -> bool:
    try:
        with transaction.atomic():
            call(user)
            raise _Undo
    except _Undo:
        return True
    except (ValidationError, PermissionDenied):
        return False


def _offered(client, user, pool) -> set[str]:
    login_with_mfa(client, user)
    html = client.get(f"/en/valuation/pools/{pool.pk}/").content.decode()
    offered = set()
    if f"/valuation/pools/{pool.pk}/live/" in html:
        offered.add("live")
    if 'name="senior_share"' in html:
        offered.add("structure")
    return offered


def test_the_pool_page_offers_what_the_services_accept(client):
    holder = Holder()
    bank_user, bank = make_bank()
    pool = pool_create(
        user=bank_user,
        name="Royalty ABS 2026-2",
        currency="CNY",
        trustee=bank,
        participants=[bank],
        works=[holder.work()],
        structure={"stress_scenarios": 50, "horizon_years": 3},
    )
    examiner = make_user(roles=["examiner"])
    calls = {
        "structure": lambda user: pool_update_structure(
            pool=pool, user=user, structure={"fee_rate": 0.01}, criteria={}
        ),
        "live": lambda user: pool_go_live(pool=pool, user=user, live_from=dt.date.today()),
    }
    for user in (bank_user, examiner):
        accepted = {name for name, call in calls.items() if _accepted(call, user)}
        assert _offered(client, user, pool) == accepted
    calls["structure"](bank_user)
    calls["live"](bank_user)
    for user in (bank_user, examiner):
        assert _offered(client, user, pool) == set()
        assert not any(_accepted(call, user) for call in calls.values())
    with pytest.raises(ValidationError, match="already live"):
        calls["live"](bank_user)
    moves = [(e.action, e.from_status, e.to_status, e.actor) for e in pool.events.all()]
    assert moves == [
        ("created", "", "draft", bank_user),
        ("structure", "draft", "draft", bank_user),
        ("live", "draft", "live", bank_user),
    ]
    pool.refresh_from_db()
    assert pool.status == "live" and pool.live_from == dt.date.today()
