from __future__ import annotations

import pytest

from catalog.services import work_create
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.onix import china_exclusive_world_otherwise
from tests.factories.pledges import registered_work

ISBNS = ("9786041234567", "9787532145676", "9789811234569")


@pytest.fixture
def seller(db):
    user = make_user(roles=["rights_holder"])
    return user, make_party(country="CN", name="青禾少儿出版社", member=user)


@pytest.fixture
def works(seller):
    """Three registered works with ISBNs; the second has ONIX sales rights."""
    user, party = seller
    made = []
    for n, isbn in enumerate(ISBNS):
        sales = []
        if n == 1:
            sales = china_exclusive_world_otherwise()
        made.append(
            registered_work(
                user,
                party,
                identifiers=[("isbn", isbn)],
                original_title=f"长河落日 第{n + 1}卷",
                sales_rights=sales,
            )
        )
    return made


@pytest.fixture
def unregistered(seller):
    return work_create(holder=seller[1], data=work_input(original_title="未登记的书"))


@pytest.fixture
def stranger(db):
    user = make_user(roles=["rights_holder"])
    party = make_party(country="TH", member=user)
    return user, work_create(holder=party, data=work_input(original_title="Other holder"))
