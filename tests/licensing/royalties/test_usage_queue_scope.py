"""The unmatched-usage queue is the licensor's own: lines and match rules of its contracts only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from licensing.royalties.models import MatchRule, UnmatchedLine, UsageLine
from licensing.royalties.services import usage_match_manual
from tests.factories.royalties import RoyaltyDeal, import_rows, row

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]

STRAY = {"isbn": "", "title": "Completely different book", "author": "Nobody"}


@pytest.fixture
def two_licensors():
    """One licensee holding contracts from two licensors, A and B."""
    a = RoyaltyDeal()
    contract_a = a.royalty_contract()
    b = RoyaltyDeal()
    b.licensee, b.buyer = a.licensee, a.buyer
    contract_b = b.royalty_contract()
    return a, contract_a, b, contract_b


def test_another_licensors_lines_are_not_listed_nor_movable(client, tmp_path, two_licensors):
    a, contract_a, b, _contract_b = two_licensors
    import_rows(tmp_path, a, contract_a, "2027-Q1", [row(a, **STRAY)])
    queued = UnmatchedLine.objects.get()
    client.force_login(b.seller)
    assert "Completely different book" not in client.get(reverse("royalties:queue")).text
    response = client.post(
        reverse("royalties:queue"),
        {"licensee": a.licensee.pk, "match_key": queued.match_key, "work": b.work.pk},
        follow=True,
    )
    assert "No unmatched line with this key waits on your contracts." in response.text
    queued.refresh_from_db()
    assert not queued.resolved
    assert not UsageLine.objects.filter(work=b.work).exists()
    assert not MatchRule.objects.exists()
    # Onto A's work (B does not act for A's contract): refused outright.
    with pytest.raises(PermissionDenied):
        usage_match_manual(
            licensee=a.licensee, match_key=queued.match_key, work=a.work, user=b.seller
        )
    assert not MatchRule.objects.exists()
    # A sees its own line and matches it.
    client.force_login(a.seller)
    assert "Completely different book" in client.get(reverse("royalties:queue")).text
    client.post(
        reverse("royalties:queue"),
        {"licensee": a.licensee.pk, "match_key": queued.match_key, "work": a.work.pk},
    )
    queued.refresh_from_db()
    assert queued.resolved and UsageLine.objects.get(matched_by="manual").contract == contract_a


def test_a_match_rule_cannot_redirect_another_licensors_lines(tmp_path, two_licensors):
    a, contract_a, b, contract_b = two_licensors
    import_rows(tmp_path, a, contract_a, "2027-Q1", [row(a, **STRAY)])
    key = UnmatchedLine.objects.get().match_key
    assert usage_match_manual(licensee=a.licensee, match_key=key, work=a.work, user=a.seller) == 1
    # B receives the same title under its own contract and matches it to its work.
    import_rows(tmp_path, b, contract_b, "2027-Q1", [row(b, **STRAY, units="7")])
    assert usage_match_manual(licensee=b.licensee, match_key=key, work=b.work, user=b.seller) == 1
    assert set(MatchRule.objects.values_list("licensor_id", "work_id")) == {
        (a.licensor.pk, a.work.pk),
        (b.licensor.pk, b.work.pk),
    }
    # A's next file still goes to A's work and contract: B's rule did not replace A's.
    nxt = import_rows(tmp_path, a, contract_a, "2027-Q2", [row(a, **STRAY, units="9")])
    line = UsageLine.objects.get(report=nxt)
    assert (line.matched_by, line.work_id, line.contract_id) == ("rule", a.work.pk, contract_a.pk)


def test_no_contract_for_the_work_is_a_clear_error(tmp_path, two_licensors):
    a, contract_a, _b, _contract_b = two_licensors
    import_rows(tmp_path, a, contract_a, "2027-Q1", [row(a, **STRAY)])
    stranger = RoyaltyDeal()
    with pytest.raises(ValidationError, match="no contract for that work"):
        usage_match_manual(
            licensee=a.licensee,
            match_key=UnmatchedLine.objects.get().match_key,
            work=stranger.work,
            user=stranger.seller,
        )
