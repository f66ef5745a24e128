"""Races: concurrent filings get gapless, unique numbers; concurrent accepts, exactly one wins."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from licensing.disputes.cases import case_accept
from licensing.disputes.models import Case, CaseEvent
from tests.factories.catalog import make_party, make_user
from tests.licensing.disputes.test_disputes import file_case, make_work

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 12


def _run(target) -> list[str]:
    results: list[str] = []
    barrier = threading.Barrier(THREADS)

    def attempt(i: int) -> None:
        try:
            barrier.wait()
            target(i)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        except Exception as exc:  # anything else is a bug the assertion will show
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_concurrent_filings_numbered_without_gaps_or_duplicates():
    claimant = make_user()
    make_party(member=claimant)
    work = make_work()
    at = dt.datetime(2026, 5, 1, 4, 0, tzinfo=dt.UTC)
    results = _run(lambda i: file_case(claimant_user=claimant, work=work, at=at))
    assert results == ["ok"] * THREADS
    numbers = sorted(Case.objects.values_list("number", flat=True))
    assert numbers == [f"DSP-2026-{n:06d}" for n in range(1, THREADS + 1)]


def test_concurrent_accepts_exactly_one_wins():
    staff = make_user(roles=["staff"], is_staff=True)
    case = file_case()
    results = _run(lambda i: case_accept(case=case, actor=staff))
    assert sorted(results) == ["ok"] + ["refused"] * (THREADS - 1)
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1
