"""Factories for contracts, built through the services."""

from __future__ import annotations

import datetime as dt

from catalog.kernel.permissions import acting_members
from catalog.models import Membership
from catalog.services import party_add_member, work_create
from licensing.contracts.consent import approval_decide, consent_of
from licensing.contracts.services import (
    contract_create_draft,
    contract_send_for_signature,
    contract_sign,
)
from licensing.terms import Terms
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

D = dt.date


def terms_dict(**overrides) -> dict:
    right = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": "2027-01-01",
        "end": "2031-12-31",
        "exclusive": True,
    }
    right.update(overrides.pop("right", {}))
    data = {"currency": "USD", "rights": [right], "reporting_period": "semiannual"}
    data.update(overrides)
    return data


def make_terms(**overrides) -> Terms:
    return Terms.from_dict(terms_dict(**overrides))


def approve_co_owners(contract, *, note: str = "") -> None:
    """Every co-owner still asked approves the licence (a co-owner without a member gets
    one, as a co-owner must act through a user)."""
    for party in consent_of(contract).pending:
        membership = acting_members([party.pk]).select_related("user").first()
        if membership is None:
            user = make_user()
            party_add_member(party=party, user=user, role=Membership.Role.OWNER)
        else:
            user = membership.user
        approval_decide(contract=contract, user=user, party=party, decision="approved", note=note)


class Deal:
    """A licensor (with its user and work) and a licensee (with its user)."""

    def __init__(self, *, licensee_language: str = "vi"):
        self.seller = make_user()
        self.buyer = make_user(language=licensee_language)
        self.licensor = make_party(country="CN", name="长江文艺出版社", member=self.seller)
        self.licensee = make_party(country="VN", name="Nhà xuất bản Trẻ", member=self.buyer)
        self.work = work_create(holder=self.licensor, data=work_input())
        # A publisher sells only what it acquired: the author contract's rights, recorded.
        acquire_rights(self.work, user=self.seller)
        self.licensee_language = licensee_language

    def draft(self, terms: Terms | None = None, **overrides):
        return contract_create_draft(
            work=self.work,
            licensor=self.licensor,
            licensee=self.licensee,
            terms=terms or make_terms(**overrides),
            origin="test",
            created_by=self.seller,
            licensee_language=self.licensee_language,
        )

    def sent(self, terms: Terms | None = None, **overrides):
        return contract_send_for_signature(contract=self.draft(terms, **overrides))

    def sign_licensor(self, contract):
        return contract_sign(
            contract=contract,
            user=self.seller,
            party=self.licensor,
            ip_address="203.0.113.7",
            user_agent="pytest",
        )

    def sign_licensee(self, contract):
        return contract_sign(
            contract=contract,
            user=self.buyer,
            party=self.licensee,
            ip_address="198.51.100.9",
            user_agent="pytest",
        )

    def active(self, terms: Terms | None = None, **overrides):
        contract = self.sent(terms, **overrides)
        approve_co_owners(contract)
        self.sign_licensor(contract)
        return self.sign_licensee(contract)
