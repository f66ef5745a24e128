"""Grants: the database refuses overlapping exclusive rights; availability explains conflicts."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from licensing.availability import check_availability
from licensing.models import Grant, GrantCell
from licensing.services import GrantConflict, grant_revoke, grant_write
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

D = dt.date


@pytest.fixture
def work(db):
    from catalog.services import work_create

    holder = make_party(country="CN", member=make_user())
    work = work_create(holder=holder, data=work_input())
    acquire_rights(work)
    return work


@pytest.fixture
def buyer(db):
    return make_party(country="VN", name="Sao Mai Books", category="publisher")


def _grant(work, buyer, **kw):
    args = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": D(2027, 1, 1),
        "end": D(2031, 12, 31),
        "exclusive": True,
    }
    args.update(kw)
    return grant_write(work=work, licensee=buyer, **args)


def test_exclusive_grant_blocks_any_overlap(work, buyer):
    _grant(work, buyer, source_ref="C-1")
    with pytest.raises(GrantConflict, match="C-1"):
        _grant(work, buyer, exclusive=False, start=D(2031, 6, 1), end=D(2033, 1, 1))
    with pytest.raises(GrantConflict):
        _grant(work, buyer, territories=["ASEAN"], start=D(2030, 1, 1), end=D(2030, 2, 1))
    assert Grant.objects.count() == 1  # the refused grants left nothing behind


def test_non_exclusive_grants_coexist_but_block_an_exclusive(work, buyer):
    _grant(work, buyer, exclusive=False)
    _grant(work, buyer, exclusive=False)
    with pytest.raises(GrantConflict):
        _grant(work, buyer, exclusive=True, start=D(2029, 1, 1), end=D(2029, 1, 1))


def test_adjacent_windows_and_other_dimensions_do_not_conflict(work, buyer):
    _grant(work, buyer)
    _grant(work, buyer, start=D(2032, 1, 1), end=D(2035, 1, 1))  # the day after the end
    _grant(work, buyer, languages=["th"], territories=["TH"])
    _grant(work, buyer, right_type="audio")
    assert Grant.objects.count() == 4


def test_database_itself_refuses_overlapping_cells(work, buyer):
    grant = _grant(work, buyer)
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantCell.objects.create(
            grant=grant,
            work=work,
            right_type="translation",
            territory="VN",
            language="vi",
            exclusive=False,
            period=DateRange(D(2028, 1, 1), D(2028, 2, 1)),
        )


def test_revoked_grant_frees_the_right(work, buyer):
    grant = _grant(work, buyer)
    grant_revoke(grant=grant)
    _grant(work, buyer)
    assert Grant.objects.filter(revoked_at__isnull=True).count() == 1


def test_availability_lists_each_conflict(work, buyer):
    _grant(work, buyer, territories=["VN", "LA"], source_ref="C-7")
    report = check_availability(
        work=work,
        right_type="translation",
        territories=["ASEAN"],
        languages=["vi", "en"],
        start=D(2030, 1, 1),
        end=D(2030, 12, 31),
        exclusive=False,
    )
    assert not report.available
    assert {(c.territory, c.language) for c in report.conflicts} == {("VN", "vi"), ("LA", "vi")}
    assert report.as_dict()["conflicts"][0]["to"] == "2031-12-31"
    free = check_availability(
        work=work,
        right_type="translation",
        territories=["TH"],
        languages=["vi"],
        start=D(2030, 1, 1),
        end=D(2030, 12, 31),
        exclusive=True,
    )
    assert free.available and free.conflicts == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"start": D(2030, 1, 1), "end": D(2029, 1, 1)}, "end"),
        ({"territories": ["XX"]}, "territories"),
        ({"languages": ["not a tag!"]}, "languages"),
        ({"right_type": "telepathy"}, "right_type"),
    ],
)
def test_bad_input_is_refused_with_the_field(work, buyer, kw, field):
    with pytest.raises(ValidationError) as info:
        _grant(work, buyer, **kw)
    assert field in info.value.message_dict
    assert not Grant.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_exclusive_grants_exactly_one_wins(work, buyer):
    results: list[str] = []
    barrier = threading.Barrier(20)

    def attempt(i: int) -> None:
        try:
            barrier.wait()
            _grant(work, buyer, source_ref=f"C-{i}")
            results.append("ok")
        except GrantConflict:
            results.append("conflict")
        except Exception as exc:
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 19 + ["ok"]
    assert Grant.objects.count() == 1 and GrantCell.objects.count() == 1


windows = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(
    lambda t: (
        D(2030, 1, 1) + dt.timedelta(days=t[0]),
        D(2030, 1, 1) + dt.timedelta(days=t[0] + t[1]),
    )
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    existing=st.lists(st.tuples(windows, st.booleans()), max_size=6),
    request=windows,
    exclusive=st.booleans(),
)
def test_availability_equals_day_by_day_brute_force(work, buyer, existing, request, exclusive):
    with transaction.atomic():
        accepted = []
        for (start, end), excl in existing:
            try:
                with transaction.atomic():
                    _grant(work, buyer, start=start, end=end, exclusive=excl)
                accepted.append((start, end, excl))
            except GrantConflict:
                pass
        start, end = request
        report = check_availability(
            work=work,
            right_type="translation",
            territories=["VN"],
            languages=["vi"],
            start=start,
            end=end,
            exclusive=exclusive,
        )
        days = {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}
        brute = not any(
            (exclusive or g_excl)
            and days & {s + dt.timedelta(days=i) for i in range((e - s).days + 1)}
            for s, e, g_excl in accepted
        )
        assert report.available == brute
        transaction.set_rollback(True)
