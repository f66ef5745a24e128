"""The rights-in check works by sets (classes of countries and languages, the "everything"
fast path), never cell by cell: it must answer exactly what a day-by-day walk of every cell
answers, in the same order."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from licensing import availability
from licensing.availability import (
    NO_EXCLUSIVE_IN,
    NO_RIGHTS_IN,
    Request,
    check_availability,
    rights_in_conflicts,
)
from licensing.models import ANY, HeldRight
from licensing.rightsin.services import held_right_add, held_right_remove
from tests.factories.catalog import make_user
from tests.factories.rightsin import make_creator_work

D = dt.date
BASE = D(2030, 1, 1)
COUNTRIES = ("FR", "TH", "US", "VN")
LANGUAGES = ("en", "th", "vi")

day = st.integers(0, 40).map(lambda n: BASE + dt.timedelta(days=n))
bound = st.one_of(st.none(), day)
# A row as _HELD_SQL returns it: (territory, language, lower, upper, exclusive).
held_row = st.tuples(
    st.sampled_from((ANY, *COUNTRIES)),
    st.sampled_from((ANY, *LANGUAGES)),
    bound,
    bound,
    st.booleans(),
).filter(lambda r: r[2] is None or r[3] is None or r[2] < r[3])


def brute_force(request: Request, rows: list[tuple]) -> set[tuple]:
    """(country, language, day, kind) for every day of every cell, from the rows alone."""
    found = set()
    for country in request.countries:
        for language in request.languages:
            for n in range((request.end - request.start).days):
                today = request.start + dt.timedelta(days=n)
                holding = [
                    excl
                    for territory, lang, lower, upper, excl in rows
                    if territory in (country, ANY)
                    and lang in (language, ANY)
                    and (lower is None or lower <= today)
                    and (upper is None or today < upper)
                ]
                if not holding:
                    found.add((country, language, today, NO_RIGHTS_IN))
                elif request.exclusive and not any(holding):
                    found.add((country, language, today, NO_EXCLUSIVE_IN))
    return found


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(held_row, max_size=8),
    everything=st.booleans(),
    countries=st.lists(st.sampled_from(COUNTRIES), min_size=1, unique=True),
    languages=st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True),
    start=st.integers(0, 30),
    length=st.integers(1, 20),
    exclusive=st.booleans(),
)
def test_sets_and_the_fast_path_equal_a_day_by_day_walk_of_every_cell(
    rows, everything, countries, languages, start, length, exclusive
):
    if everything:  # the creator-holder's default: */*/*, unbounded, exclusive
        rows = [*rows, (ANY, ANY, None, None, True)]
    request = Request(
        work_id=1,
        right_type="translation",
        countries=tuple(sorted(countries)),
        languages=tuple(sorted(languages)),
        start=BASE + dt.timedelta(days=start),
        end=BASE + dt.timedelta(days=start + length),
        exclusive=exclusive,
    )
    # _HELD_SQL's rows served from the example, filtered as its WHERE does: no database,
    # so hypothesis can run 300 examples.
    selected = [
        (territory, language, lower, upper, excl)
        for territory, language, lower, upper, excl in rows
        if territory in (ANY, *request.countries)
        and language in (ANY, *request.languages)
        and (lower is None or lower < request.end)
        and (upper is None or upper > request.start)
    ]
    with mock.patch.object(availability, "_rows", lambda sql, params: selected):
        conflicts = rights_in_conflicts(request)

    days = {
        (c.territory, c.language, c.start + dt.timedelta(days=n), c.kind)
        for c in conflicts
        for n in range((c.end - c.start).days)
    }
    assert days == brute_force(request, rows)
    # The order a cell-by-cell walk gives, each window once, disjoint within a cell.
    keys = [(c.territory, c.language, c.start, c.end, c.kind) for c in conflicts]
    assert keys == sorted(set(keys))
    assert sum((c.end - c.start).days for c in conflicts) == len(days)
    if everything:
        assert conflicts == []


@pytest.fixture
def holder_user(db):
    return make_user()


@pytest.fixture
def work(holder_user):
    # An author's own work: it holds everything by default (the default this test narrows).
    return make_creator_work(member=holder_user)


def _world(work, *, exclusive: bool):
    return check_availability(
        work=work,
        right_type="translation",
        territories=["WORLD"],
        excluded_territories=["US", "CA"],
        languages=["en", "fr", "ja", "th", "vi"],
        start=D(2027, 1, 1),
        end=D(2031, 12, 31),
        exclusive=exclusive,
        against=["rights_in"],
    )


def test_a_world_request_against_everything_held_and_held_only_non_exclusively(work, holder_user):
    assert _world(work, exclusive=True).conflicts == []
    held_right_add(
        work=work,
        user=holder_user,
        basis=HeldRight.Basis.ACQUIRED,
        right_type=ANY,
        territories=[ANY],
        excluded_territories=["FR"],
        languages=[ANY],
        start=None,
        end=None,
        exclusive=False,
        source_ref="ACQ-W",
    )
    held_right_remove(held=work.rights_in.get(basis=HeldRight.Basis.OWN_CREATION), user=holder_user)
    shared = _world(work, exclusive=False).conflicts
    assert [(c.territory, c.language, c.kind) for c in shared] == [
        ("FR", language, NO_RIGHTS_IN) for language in ("en", "fr", "ja", "th", "vi")
    ]
    report = _world(work, exclusive=True)
    kinds = {(c.territory == "FR", c.kind) for c in report.conflicts}
    assert kinds == {(True, NO_RIGHTS_IN), (False, NO_EXCLUSIVE_IN)}
    countries = {c.territory for c in report.conflicts}
    assert len(report.conflicts) == len(countries) * 5 > 200 * 5
