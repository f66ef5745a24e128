"""Rights in: what a holder holds bounds what it can grant — in the service and in the database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.services import CreatorInput, work_create
from licensing.availability import NO_EXCLUSIVE_IN, NO_RIGHTS_IN, OVERLAP, check_availability
from licensing.models import ANY, Grant, GrantCell, HeldCell, HeldRight
from licensing.rightsin.services import held_right_add, held_right_remove
from licensing.services import GrantConflict, grant_revoke, grant_write
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import make_creator_work

D = dt.date


@pytest.fixture
def holder_user(db):
    return make_user()


@pytest.fixture
def work(holder_user):
    # An author's own work: it holds everything by default (the default tests narrow).
    return make_creator_work(member=holder_user)


@pytest.fixture
def buyer(db):
    return make_party(country="VN", name="Sao Mai Books", category="publisher")


def acquire(work, user, **kw) -> HeldRight:
    args = {
        "basis": HeldRight.Basis.ACQUIRED,
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": D(2027, 1, 1),
        "end": D(2029, 12, 31),
        "exclusive": True,
        "source_ref": "ACQ-1",
        "acquired_from": "Wang Xiaoming",
    }
    args.update(kw)
    return held_right_add(work=work, user=user, **args)


def only_acquired(work, user, **kw) -> HeldRight:
    """The holder replaces its default "everything" with one acquisition."""
    held = acquire(work, user, **kw)
    held_right_remove(held=work.rights_in.get(basis=HeldRight.Basis.OWN_CREATION), user=user)
    return held


def _check(work, **kw):
    args = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": D(2027, 1, 1),
        "end": D(2029, 12, 31),
        "exclusive": True,
    }
    args.update(kw)
    return check_availability(work=work, **args)


def _grant(work, buyer, **kw):
    args = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": D(2027, 1, 1),
        "end": D(2027, 12, 31),
        "exclusive": True,
    }
    args.update(kw)
    return grant_write(work=work, licensee=buyer, **args)


def test_the_creator_holder_holds_everything_by_default(work):
    held = work.rights_in.get()
    assert held.basis == HeldRight.Basis.OWN_CREATION and held.holder == work.holder
    assert held.is_everything and held.exclusive
    cell = held.cells.get()
    assert (cell.right_type, cell.territory, cell.language) == (ANY, ANY, ANY)
    assert cell.period.lower is None and cell.period.upper is None
    assert _check(work, territories=["WORLD"], languages=["ja", "ko", "fr"]).available


def test_a_publisher_holds_nothing_until_it_records_what_it_acquired(holder_user, buyer):
    """Only a creator-holder gets the default: a publisher's work (its holder not among the
    creators) holds nothing, and the database refuses a grant of it."""
    author = make_party(country="CN", kind="person", category="creator")
    publisher = make_party(country="CN", member=holder_user)
    work = work_create(holder=publisher, data=work_input(creators=[CreatorInput(author, "author")]))
    assert not work.rights_in.exists()
    assert [c.kind for c in _check(work).conflicts] == [NO_RIGHTS_IN]
    with pytest.raises(GrantConflict):
        _grant(work, buyer)
    acquire(work, holder_user, start=D(2027, 1, 1), end=D(2027, 12, 31))
    assert _grant(work, buyer).cells.count() == 1


def test_the_holder_named_a_creator_later_gets_everything_once(holder_user):
    from catalog.services import WorkChanges, work_update

    holder = make_party(country="CN", kind="person", category="creator", member=holder_user)
    work = work_create(holder=holder, data=work_input())
    assert not work.rights_in.exists()
    work_update(work=work, changes=WorkChanges(add_creators=[CreatorInput(holder, "author")]))
    work_update(work=work, changes=WorkChanges(add_creators=[CreatorInput(holder, "editor")]))
    (held,) = work.rights_in.all()
    assert held.basis == HeldRight.Basis.OWN_CREATION and held.is_everything


def test_no_rights_in_names_the_cells_and_windows_not_held(work, holder_user):
    only_acquired(work, holder_user)
    report = _check(work, territories=["VN", "TH"], start=D(2028, 1, 1), end=D(2030, 6, 30))
    found = {(c.kind, c.territory, c.start, c.end) for c in report.conflicts}
    assert found == {
        (NO_RIGHTS_IN, "TH", D(2028, 1, 1), D(2030, 7, 1)),
        (NO_RIGHTS_IN, "VN", D(2030, 1, 1), D(2030, 7, 1)),
    }
    assert report.conflicts[0].label == "No Rights In"
    assert _check(work, start=D(2027, 6, 1), end=D(2029, 12, 31)).available


def test_no_exclusive_in_when_held_only_non_exclusively(work, holder_user):
    only_acquired(work, holder_user, exclusive=False)
    report = _check(work, exclusive=True)
    assert [c.kind for c in report.conflicts] == [NO_EXCLUSIVE_IN]
    assert report.as_dict()["conflicts"][0]["type"] == "No Exclusive In"
    assert _check(work, exclusive=False).available


def test_overlap_is_the_conflict_type_of_an_existing_grant(work, buyer):
    _grant(work, buyer, source_ref="C-1")
    report = _check(work, exclusive=False, end=D(2027, 3, 31))
    assert [(c.kind, c.source_ref) for c in report.conflicts] == [(OVERLAP, "C-1")]


def test_grant_write_refuses_outside_the_rights_held_with_the_type(work, holder_user, buyer):
    only_acquired(work, holder_user, exclusive=False)
    with pytest.raises(GrantConflict, match=r"No Rights In: .* TH / vi"):
        _grant(work, buyer, territories=["TH"], exclusive=False)
    with pytest.raises(GrantConflict, match="No Exclusive In"):
        _grant(work, buyer)
    _grant(work, buyer, exclusive=False)
    assert Grant.objects.count() == 1


def test_database_refuses_a_grant_cell_outside_the_rights_held(work, holder_user, buyer):
    only_acquired(work, holder_user, exclusive=False)
    grant = _grant(work, buyer, exclusive=False)
    cell = {
        "grant": grant,
        "work": work,
        "right_type": "translation",
        "language": "vi",
        "exclusive": False,
    }
    with pytest.raises(IntegrityError, match="outside the rights held"), transaction.atomic():
        GrantCell.objects.create(
            territory="TH", period=DateRange(D(2027, 1, 1), D(2028, 1, 1)), **cell
        )
    with pytest.raises(IntegrityError, match="outside the rights held"), transaction.atomic():
        GrantCell.objects.create(
            territory="VN", period=DateRange(D(2029, 6, 1), D(2030, 6, 1)), **cell
        )
    with pytest.raises(IntegrityError, match="outside the rights held"), transaction.atomic():
        exclusive = {**cell, "exclusive": True, "right_type": "audio"}
        GrantCell.objects.create(
            territory="VN", period=DateRange(D(2027, 1, 1), D(2027, 2, 1)), **exclusive
        )


def test_two_acquisitions_that_continue_each_other_cover_a_grant_across_both(
    work, holder_user, buyer
):
    only_acquired(work, holder_user, end=D(2028, 12, 31))
    acquire(work, holder_user, start=D(2029, 1, 1), end=D(2030, 12, 31), source_ref="ACQ-2")
    assert _check(work, start=D(2028, 6, 1), end=D(2029, 6, 30)).available
    _grant(work, buyer, start=D(2028, 6, 1), end=D(2029, 6, 30))


def test_removing_rights_a_grant_lies_in_is_refused_until_the_grant_ends(work, holder_user, buyer):
    held = only_acquired(work, holder_user)
    grant = _grant(work, buyer, source_ref="LIC-7")
    with pytest.raises(ValidationError, match="LIC-7"):
        held_right_remove(held=held, user=holder_user)
    assert HeldCell.objects.filter(held=held).exists()
    with pytest.raises(IntegrityError, match="still carry"), transaction.atomic():
        HeldCell.objects.filter(held=held).delete()
    grant_revoke(grant=grant)
    held_right_remove(held=held, user=holder_user)
    assert not work.rights_in.exists()


def test_own_creation_is_only_for_a_creator_and_acquisitions_name_a_contract(holder_user):
    published = work_create(holder=make_party(member=holder_user), data=work_input())
    with pytest.raises(ValidationError, match="not among the creators"):
        acquire(published, holder_user, basis=HeldRight.Basis.OWN_CREATION, source_ref="")
    with pytest.raises(ValidationError, match="Name the contract"):
        acquire(published, holder_user, source_ref=" ")
    assert not published.rights_in.exists()
    author_user = make_user()
    author = make_party(country="CN", kind="person", category="creator", member=author_user)
    own = work_create(holder=author, data=work_input(creators=[CreatorInput(author, "author")]))
    held = acquire(own, author_user, basis=HeldRight.Basis.OWN_CREATION, source_ref="")
    assert held.basis == HeldRight.Basis.OWN_CREATION


def test_only_the_holder_records_rights_held(work):
    with pytest.raises(PermissionDenied):
        acquire(work, make_user())


def test_everything_can_be_recorded_with_wildcards_and_exclusions(work, holder_user):
    held = only_acquired(
        work,
        holder_user,
        right_type=ANY,
        territories=[ANY],
        excluded_territories=["US"],
        languages=[ANY],
        start=None,
        end=None,
    )
    assert held.cells.count() == held.cells.filter(language=ANY, right_type=ANY).count() > 200
    assert not held.cells.filter(territory="US").exists()
    assert _check(work, right_type="audio", territories=["FR"], languages=["fr"]).available
    report = _check(work, territories=["US"], languages=["en"])
    assert [c.kind for c in report.conflicts] == [NO_RIGHTS_IN]


# --- the availability algebra against brute force ---

windows = st.tuples(st.integers(0, 60), st.integers(0, 30)).map(
    lambda t: (
        D(2030, 1, 1) + dt.timedelta(days=t[0]),
        D(2030, 1, 1) + dt.timedelta(days=t[0] + t[1]),
    )
)


def _days(start: dt.date, end: dt.date) -> set[dt.date]:
    """Days from start to end, both included."""
    return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    held=st.lists(st.tuples(windows, st.booleans()), min_size=1, max_size=3),
    existing=st.lists(st.tuples(windows, st.booleans()), max_size=4),
    request=windows,
    exclusive=st.booleans(),
)
def test_conflict_types_equal_day_by_day_brute_force_and_the_database_agrees(
    work, holder_user, buyer, held, existing, request, exclusive
):
    with transaction.atomic():
        for i, ((start, end), excl) in enumerate(held):
            acquire(work, holder_user, start=start, end=end, exclusive=excl, source_ref=f"A{i}")
        held_right_remove(
            held=work.rights_in.get(basis=HeldRight.Basis.OWN_CREATION), user=holder_user
        )
        accepted = []
        for (start, end), excl in existing:
            try:
                with transaction.atomic():
                    _grant(work, buyer, start=start, end=end, exclusive=excl)
                accepted.append((start, end, excl))
            except GrantConflict:
                pass
        start, end = request
        report = _check(work, start=start, end=end, exclusive=exclusive)

        expected = set()
        for day in _days(start, end):
            holding = [excl for (s, e), excl in held if s <= day <= e]
            if not holding:
                expected.add((day, NO_RIGHTS_IN))
            elif exclusive and not any(holding):
                expected.add((day, NO_EXCLUSIVE_IN))
            if any((exclusive or g) and s <= day <= e for s, e, g in accepted):
                expected.add((day, OVERLAP))
        found = {
            (day, c.kind)
            for c in report.conflicts
            for day in _days(max(c.start, start), min(c.end - dt.timedelta(days=1), end))
        }
        assert found == expected
        # The database (trigger and exclusion constraints) accepts exactly what is available.
        try:
            with transaction.atomic():
                _grant(work, buyer, start=start, end=end, exclusive=exclusive)
            written = True
        except GrantConflict:
            written = False
        assert written == report.available
        transaction.set_rollback(True)
