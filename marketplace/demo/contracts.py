"""Demo contracts: a few active licences signed by the demo users, and drafts.

Built only through the services; each contract's ``origin`` is a stable
``demo:contract:N``, so a second run creates nothing. Runs after works,
registrations and listings are seeded (it picks registered demo works and
demo buyers, and only rights that are still available).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog.membership import email_mark_verified
from catalog.models import Membership, Party, Work
from catalog.registration.models import Status
from catalog.services import party_add_member
from licensing.availability import check_availability
from licensing.contracts.consent import approval_decide, consent_of
from licensing.contracts.models import Contract
from licensing.contracts.services import (
    contract_create_draft,
    contract_send_for_signature,
    contract_sign,
)
from licensing.terms import Terms
from marketplace.demo.guard import DEMO_PASSWORD

# (state, exclusive, right type); the territory/language pair is the first one still free.
PLAN = [
    ("active", True, "translation"),
    ("active", False, "translation"),
    ("active", True, "ebook"),
    ("active", True, "audio"),
    ("awaiting", True, "translation"),
    ("draft", False, "translation"),
]
CELLS = [("VN", "vi"), ("TH", "th"), ("ID", "id"), ("MY", "ms"), ("PH", "fil"), ("KH", "km")]
START, END = dt.date(2026, 1, 1), dt.date(2030, 12, 31)


def _member(party: Party):
    membership = (
        Membership.objects.filter(party=party).select_related("user").order_by("pk").first()
    )
    return membership.user if membership else None


def _co_owner_user(party: Party):
    """A co-owner decides through a member: a demo creator who co-owns a work gets a login
    of its own (the same password as every demo account) the first time it is asked."""
    user = _member(party)
    if user is None:
        user, _created = get_user_model().objects.get_or_create(
            username=f"coowner-{party.pk}",
            defaults={
                "roles": ["rights_holder"],
                "password": make_password(DEMO_PASSWORD),
                "email": f"coowner-{party.pk}@demo.example.org",
            },
        )
        email_mark_verified(user=user, email=user.email)
        party_add_member(party=party, user=user, role=Membership.Role.OWNER)
    return user


def _approve_as_co_owners(contract: Contract) -> None:
    for party in consent_of(contract).pending:
        approval_decide(
            contract=contract,
            user=_co_owner_user(party),
            party=party,
            decision="approved",
            note="Agreed (demo).",
        )


def _free_cell(work: Work, right: str, exclusive: bool) -> tuple[str, str] | None:
    for territory, language in CELLS:
        report = check_availability(
            work=work,
            right_type=right,
            territories=[territory],
            languages=[language],
            start=START,
            end=END,
            exclusive=exclusive,
        )
        if report.available:
            return territory, language
    return None


def _terms(right: str, territory: str, language: str, exclusive: bool) -> Terms:
    return Terms.from_dict(
        {
            "currency": "USD",
            "rights": [
                {
                    "right_type": right,
                    "territories": [territory],
                    "languages": [language],
                    "start": START.isoformat(),
                    "end": END.isoformat(),
                    "exclusive": exclusive,
                }
            ],
            "advance": "3000",
            "payment_schedule": [
                {"kind": "advance", "amount": "1500", "trigger": "signature"},
                {"kind": "advance", "amount": "1500", "trigger": "date", "due": "2027-03-31"},
            ],
            "royalty_rates": [
                {
                    "channel": "print",
                    "basis": "list_price",
                    "rate": "8",
                    "escalators": [{"above_units": 10000, "rate": "10"}],
                },
                {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
            ],
            "reporting_period": "semiannual",
        }
    )


def seed_contracts(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    works = list(
        Work.objects.filter(
            source_ref__startswith="demo:work:", applications__status=Status.REGISTERED
        )
        .select_related("holder")
        .order_by("pk")
        .distinct()[: len(PLAN)]
    )
    buyers = [
        party
        for party in Party.objects.filter(
            source_ref__startswith="demo:party:", memberships__user__roles__contains=["buyer"]
        )
        .order_by("pk")
        .distinct()
        if _member(party)
    ]
    created = 0
    for index, (state, exclusive, right) in enumerate(PLAN):
        if index >= len(works) or not buyers:
            break
        origin = f"demo:contract:{index}"
        if Contract.objects.filter(origin=origin).exists():
            continue
        work, buyer = works[index], buyers[index % len(buyers)]
        seller, buyer_user = _member(work.holder), _member(buyer)
        cell = _free_cell(work, right, exclusive)
        if seller is None or cell is None:
            continue
        contract = contract_create_draft(
            work=work,
            licensor=work.holder,
            licensee=buyer,
            terms=_terms(right, *cell, exclusive),
            origin=origin,
            created_by=seller,
            licensee_language=getattr(buyer_user, "preferred_language", "en"),
        )
        created += 1
        if state != "draft":
            contract = contract_send_for_signature(contract=contract, actor=seller)
            contract_sign(
                contract=contract,
                user=seller,
                party=work.holder,
                ip_address="127.0.0.1",
                user_agent="demo seed",
            )
        if state == "active":
            _approve_as_co_owners(contract)
            contract_sign(
                contract=contract,
                user=buyer_user,
                party=buyer,
                ip_address="127.0.0.1",
                user_agent="demo seed",
            )
        if progress:
            progress(1)
    demo = Contract.objects.filter(origin__startswith="demo:contract:")
    return {
        "contracts": demo.count(),
        "contracts_active": demo.filter(status="active").count(),
        "contracts_created": created,
    }
