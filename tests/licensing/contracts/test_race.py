"""Reliability: concurrent conflicting activations, and availability against brute force."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensing.availability import check_availability
from licensing.contracts.models import Contract, ContractEvent, ContractSignature
from licensing.contracts.services import contract_activate
from licensing.models import Grant, GrantCell
from licensing.services import GrantConflict
from tests.factories.contracts import D, Deal


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twenty_conflicting_activations_exactly_one_wins(fast_pdf):
    deal = Deal()
    contracts = []
    for i in range(20):
        # Every contract wants VN/vi exclusively over overlapping windows, some with more cells.
        extra = ["LA"] if i % 2 else []
        contract = deal.sent(
            right={"territories": ["VN", *extra], "start": f"{2027 + i % 3}-01-01"}
        )
        deal.sign_licensor(contract)
        contracts.append(contract)
    results: dict[int, str] = {}
    barrier = threading.Barrier(20)

    def attempt(contract: Contract) -> None:
        try:
            barrier.wait()
            deal.sign_licensee(contract)  # the last signature activates
            results[contract.pk] = "ok"
        except GrantConflict:
            results[contract.pk] = "conflict"
        except Exception as exc:
            results[contract.pk] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(c,)) for c in contracts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["conflict"] * 19 + ["ok"]
    winner = Contract.objects.get(pk=next(pk for pk, r in results.items() if r == "ok"))
    assert winner.status == "active"
    assert Contract.objects.filter(status="active").count() == 1
    assert Contract.objects.filter(status="awaiting").count() == 19
    # nothing half-written: the winner's grant and cells only
    assert list(Grant.objects.values_list("source_ref", flat=True)) == [winner.reference]
    assert GrantCell.objects.count() == len(winner.get_terms().rights[0].countries())
    assert ContractSignature.objects.count() == 40  # every signature is kept
    assert ContractEvent.objects.filter(to_status="active").count() == 1
    assert ContractEvent.objects.filter(note__startswith="Activation refused").count() == 19


windows = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(
    lambda t: (
        D(2030, 1, 1) + dt.timedelta(days=t[0]),
        D(2030, 1, 1) + dt.timedelta(days=t[0] + t[1]),
    )
)
places = st.sampled_from([("VN",), ("TH",), ("VN", "TH")])


@pytest.fixture
def deal(db, fast_pdf):
    return Deal()


def _days(start: dt.date, end: dt.date) -> set[dt.date]:
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    wanted=st.lists(st.tuples(windows, st.booleans(), places), max_size=5),
    request=windows,
    request_places=places,
    exclusive=st.booleans(),
)
def test_contract_path_availability_equals_brute_force(
    deal, wanted, request, request_places, exclusive
):
    """Contracts activated (or refused) through the services; the check agrees day by day."""
    with transaction.atomic():
        active = []
        for (start, end), excl, territories in wanted:
            contract = deal.sent(
                right={
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                    "exclusive": excl,
                    "territories": list(territories),
                }
            )
            deal.sign_licensor(contract)
            try:
                with transaction.atomic():
                    deal.sign_licensee(contract)
                active.append((start, end, excl, set(territories)))
            except GrantConflict:
                # refused: nothing of it may be on record
                assert not Grant.objects.filter(source_ref=contract.reference).exists()
        start, end = request
        report = check_availability(
            work=deal.work,
            right_type="translation",
            territories=list(request_places),
            languages=["vi"],
            start=start,
            end=end,
            exclusive=exclusive,
        )
        days = _days(start, end)
        brute_blocked = {
            country
            for g_start, g_end, g_excl, g_places in active
            if (exclusive or g_excl) and days & _days(g_start, g_end)
            for country in g_places & set(request_places)
        }
        assert report.available == (not brute_blocked)
        assert {c.territory for c in report.conflicts} == brute_blocked
        # the accepted set itself never holds a forbidden overlap
        for i, (s1, e1, x1, p1) in enumerate(active):
            for s2, e2, x2, p2 in active[i + 1 :]:
                assert not ((x1 or x2) and p1 & p2 and _days(s1, e1) & _days(s2, e2))
        transaction.set_rollback(True)


def test_activation_of_a_draft_is_refused(deal):
    draft = deal.draft()
    with pytest.raises(Exception, match="not awaiting"):
        contract_activate(contract=draft)
