"""A licensor with an owner, an administrator, a plain member and an unverified administrator."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from catalog.models import Membership
from catalog.services import party_add_member
from tests.factories.catalog import make_party, make_user

VIETNAMESE_ACCOUNT = {
    "method": "pain001",
    "bank_country": "VN",
    "account_holder": "Công ty Sách Hà Nội",
    "account_number": "0071 0001 23456",
    "bic": "BFTVVNVX",
    "currency": "VND",
}


@pytest.fixture
def licensor(db):
    owner = make_user(email="owner@example.test", language="vi", time_zone="Asia/Ho_Chi_Minh")
    party = make_party(name="Hanoi Books", country="VN", member=owner)
    admin = make_user(email="admin@example.test", language="th", time_zone="Asia/Bangkok")
    member = make_user(email="member@example.test")
    unverified = make_user(email="ghost@example.test", verified=False)
    party_add_member(party=party, user=admin, role=Membership.Role.ADMIN)
    party_add_member(party=party, user=member, role=Membership.Role.MEMBER)
    party_add_member(party=party, user=unverified, role=Membership.Role.ADMIN)
    return SimpleNamespace(party=party, owner=owner, admin=admin, member=member)
