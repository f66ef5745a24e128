"""A member whose primary e-mail is unverified acts for no party (catalog.kernel.permissions).

Anyone can open an account with someone else's address; until the address is confirmed
the membership must not open the party's registration files, pledges, listings, usage
reports or statements. Each page used to read the membership directly and so skipped
the check; after verification the same user sees them all.
"""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from catalog.kernel.permissions import acting_members
from catalog.services import party_add_member
from licensing.royalties.services import period_close
from marketplace.listings import services as listings
from tests.factories.catalog import make_user
from tests.factories.pledges import make_bank, make_pledge, registered_work
from tests.factories.royalties import RoyaltyDeal, import_rows, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tmp_path):
    """The licensor's files, built by its verified member, and a second, unverified member."""
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    pledged = registered_work(deal.seller, deal.licensor)
    application = pledged.applications.get()
    holder = SimpleNamespace(user=deal.seller, party=deal.licensor)
    pledge = make_pledge(holder, make_bank(), works=[pledged])
    listing = listings.listing_create(
        work=deal.work,
        user=deal.seller,
        data=listings.ListingInput(
            right_types=["translation"],
            territories=["VN"],
            languages=["vi"],
            currency="USD",
            advance=Decimal("1000"),
            headlines={"en": "River Town"},
        ),
    )
    member = make_user(verified=False)
    party_add_member(party=deal.licensor, user=member, role="member")
    return SimpleNamespace(
        member=member,
        seller=deal.seller,
        application=application,
        pledge=pledge,
        listing=listing,
        report=report,
        statement=statement,
    )


def _reach(client, w) -> dict[str, bool]:
    """What the signed-in user reaches of the licensor's files."""
    detail = client.get(reverse("registration:detail", args=[w.application.pk]))
    mine = client.get(reverse("registration:mine")).content.decode()
    pledges = client.get(reverse("pledges:list")).content.decode()
    edit = client.get(reverse("listings:edit", args=[w.listing.pk]))
    reports = client.get(reverse("royalties:reports")).content.decode()
    statements = client.get(reverse("royalties:statements")).content.decode()
    statement_url = reverse("royalties:statement", args=[w.statement.pk])
    return {
        "registration detail": detail.status_code == 200,
        "my applications": w.application.work.original_title in mine,
        "pledge list": w.pledge.number in pledges,
        "listing edit": edit.status_code == 200,
        "usage reports": w.report.file_name in reports,
        "statements": statement_url in statements,
        "statement": client.get(statement_url).status_code == 200,
    }


def test_an_unverified_member_reaches_nothing_of_the_party_until_verified(client, world):
    client.force_login(world.member)
    before = _reach(client, world)
    assert before == dict.fromkeys(before, False)
    assert (
        client.get(reverse("registration:detail", args=[world.application.pk])).status_code == 404
    )
    assert client.get(reverse("listings:edit", args=[world.listing.pk])).status_code == 404

    EmailAddress.objects.filter(user=world.member).update(verified=True)
    after = _reach(client, world)
    assert after == dict.fromkeys(after, True)


def test_an_unverified_member_hears_nothing_of_the_partys_business(world):
    """Notifications and alerts (inquiries, deal messages, pledge LTV) go to the members
    acting_members returns: those that count, never an unverified one."""
    licensor_id = world.application.applicant_id
    heard = {m.user_id for m in acting_members([licensor_id])}
    assert world.seller.pk in heard
    assert world.member.pk not in heard
    EmailAddress.objects.filter(user=world.member).update(verified=True)
    assert world.member.pk in {m.user_id for m in acting_members([licensor_id])}
