"""Demo data: built through the services, spread across outcomes, idempotent."""

from __future__ import annotations

import pytest

from catalog.models import Membership
from catalog.services import party_add_member, party_create, work_create
from licensing.disputes.models import Batch, Case
from marketplace.demo.disputes import seed_disputes
from marketplace.models import User
from tests.factories.catalog import make_user, work_input

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def _demo_party(key: str, *, country: str, role: str) -> object:
    party = party_create(
        kind="organisation",
        category="publisher",
        name=key.title(),
        country=country,
        source_ref=f"demo:party:{key}",
    )
    user = make_user(roles=[role], email=f"{key}@example.org")
    party_add_member(party=party, user=user, role=Membership.Role.OWNER)
    return party


def test_demo_spread_and_idempotent():
    User.objects.create_superuser("admin", "admin@example.org", "pw-Strong-2026")
    for key, country in (("alpha", "CN"), ("beta", "VN"), ("gamma", "TH")):
        holder = _demo_party(key, country=country, role="rights_holder")
        work_create(holder=holder, data=work_input())
        work_create(holder=holder, data=work_input())
    _demo_party("buyer-one", country="SG", role="buyer")
    first = seed_disputes(count=40)
    assert first["dispute_cases"] == 40 and first["dispute_batches"] >= 1
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {"settled", "failed"} <= statuses
    assert Case.objects.filter(batch__isnull=False).count() >= 2
    again = seed_disputes(count=40)
    assert again["dispute_cases_created"] == 0 and again["dispute_batches_created"] == 0
    assert Case.objects.count() == 40 and Batch.objects.count() == first["dispute_batches"]
