"""The demo seed files usage and closes statements for demo contracts, idempotently."""

from __future__ import annotations

import pytest

from licensing.contracts.services import contract_create_draft, contract_send_for_signature
from marketplace.demo.royalties import seed_royalties
from tests.factories.contracts import make_terms
from tests.factories.royalties import RoyaltyDeal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def test_seed_royalties_is_idempotent():
    deal = RoyaltyDeal()
    contract = contract_send_for_signature(
        contract=contract_create_draft(
            work=deal.work,
            licensor=deal.licensor,
            licensee=deal.licensee,
            terms=make_terms(
                royalty_rates=[
                    {"channel": "retail", "basis": "list_price", "rate": "8"},
                    {"channel": "online", "basis": "net_receipts", "rate": "25"},
                ],
                right={"start": "2026-01-01"},
            ),
            origin="demo:contract:1",
            created_by=deal.seller,
            licensee_language="vi",
        )
    )
    deal.sign_licensor(contract)
    deal.sign_licensee(contract)
    first = seed_royalties()
    assert first == {"usage_reports": 2, "royalty_statements": 2}
    assert seed_royalties() == first
