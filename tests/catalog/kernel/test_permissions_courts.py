"""Courts a user acts for, and the superuser's reach over parties, asked in the kernel."""

from __future__ import annotations

import pytest

from catalog.kernel.permissions import COURT_CATEGORY, acting_courts, may_act_for
from catalog.vocabulary import PartyCategory
from tests.factories.catalog import make_party, make_user

pytestmark = pytest.mark.django_db


def test_the_kernels_court_category_is_the_catalogs():
    assert COURT_CATEGORY == PartyCategory.COURT


def test_members_act_for_their_court_and_staff_for_every_court():
    clerk = make_user()
    court = make_party(category="court", member=clerk)
    other = make_party(category="court")
    publisher = make_party(member=clerk)
    assert set(acting_courts(clerk)) == {court}
    staff = make_user(is_staff=True)
    assert {court, other} <= set(acting_courts(staff))
    assert publisher not in set(acting_courts(staff))
    assert not acting_courts(make_user()).exists()
    assert not acting_courts(make_user(verified=False)).exists()


def test_a_superuser_may_act_for_any_party_a_member_only_for_their_own():
    member = make_user()
    party = make_party(member=member)
    assert may_act_for(member, party.pk)
    assert not may_act_for(make_user(), party.pk)
    assert may_act_for(make_user(is_superuser=True), party.pk)
