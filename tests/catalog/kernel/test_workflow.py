"""The kernel's workflow helper, through a real workflow: the listing's."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from catalog.kernel.workflow import SYSTEM, TransitionRefused, Workflow, action, platform_only
from catalog.services import work_create
from marketplace.listings import services
from marketplace.listings.models import Listing, ListingStatus, ListingTransition, ShortlistItem
from marketplace.listings.workflow import WORKFLOW
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

pytestmark = pytest.mark.django_db
S = ListingStatus


@pytest.fixture
def seller():
    return make_user()


@pytest.fixture
def listing(seller) -> Listing:
    party = make_party(member=seller)
    work = work_create(holder=party, data=work_input())
    acquire_rights(work, user=seller)
    data = services.ListingInput(
        right_types=["translation"], territories=["VN"], languages=["vi"], currency="USD"
    )
    return services.listing_create(work=work, user=seller, data=data)


def _unchanged(listing: Listing, status: str) -> None:
    assert listing.status == status
    assert Listing.objects.get(pk=listing.pk).status == status
    assert not ListingTransition.objects.filter(listing=listing).exists()


def test_a_refused_move_names_the_status_and_changes_nothing(listing, seller):
    with pytest.raises(TransitionRefused) as refused:
        WORKFLOW.apply(listing, "pause", user=seller)
    assert refused.value.message_dict == {
        "status": ["This cannot be done while the status is “Draft”."]
    }
    _unchanged(listing, S.DRAFT)
    assert WORKFLOW.check(listing, "pause", seller) == [
        "This cannot be done while the status is “Draft”."
    ]


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_a_user_the_permission_refuses_gets_permission_denied(listing, who):
    user = make_user() if who == "stranger" else AnonymousUser()
    with pytest.raises(PermissionDenied):
        WORKFLOW.apply(listing, "publish", user=user)
    with pytest.raises(PermissionDenied):
        WORKFLOW.require(listing, "publish", user=user)
    _unchanged(listing, S.DRAFT)
    assert WORKFLOW.check(listing, "publish", user) == ["You may not do this."]


def test_system_passes_the_permission_but_not_the_table(listing):
    row = WORKFLOW.apply(listing, "publish", user=SYSTEM)
    assert row.actor is None
    assert Listing.objects.get(pk=listing.pk).status == S.PUBLISHED
    with pytest.raises(TransitionRefused):
        WORKFLOW.apply(listing, "publish", user=SYSTEM)
    assert ListingTransition.objects.filter(listing=listing).count() == 1


def test_available_actions_are_exactly_what_check_allows(listing, seller):
    stranger = make_user()
    seen = {}
    for status in S.values:
        listing.status = status
        for user in (seller, stranger, SYSTEM):
            names = WORKFLOW.available_action_names(listing, user)
            allowed = {
                a for a in ("publish", "pause", "withdraw") if not WORKFLOW.check(listing, a, user)
            }
            assert names == allowed, (status, user)
            assert [a.name for a in WORKFLOW.available_actions(listing, user)] == sorted(
                names, key=["publish", "pause", "withdraw"].index
            )
        seen[status] = WORKFLOW.available_action_names(listing, seller)
        assert WORKFLOW.available_action_names(listing, stranger) == set()
    assert seen == {
        S.DRAFT: {"publish", "withdraw"},
        S.PUBLISHED: {"pause", "withdraw"},
        S.PAUSED: {"publish", "withdraw"},
        S.WITHDRAWN: set(),
    }


def test_one_audit_row_of_one_shape(listing, seller):
    row = WORKFLOW.apply(listing, "publish", user=seller, note="spring catalogue")
    stored = ListingTransition.objects.get(listing=listing)
    assert row == stored
    assert (stored.from_status, stored.to_status, stored.actor, stored.note) == (
        S.DRAFT,
        S.PUBLISHED,
        seller,
        "spring catalogue",
    )
    assert stored.at is not None
    assert Listing.objects.get(pk=listing.pk).status == S.PUBLISHED


def test_save_false_leaves_saving_to_the_service(listing, seller):
    WORKFLOW.apply(listing, "withdraw", user=seller, save=False)
    assert listing.status == S.WITHDRAWN
    assert Listing.objects.get(pk=listing.pk).status == S.DRAFT  # the service saves it
    assert ListingTransition.objects.filter(listing=listing).count() == 1


def test_conditions_and_refusal_messages(listing, seller):
    flow = Workflow(
        name="headline-first",
        actions=[
            action(
                "publish",
                [S.DRAFT],
                S.PUBLISHED,
                platform_only,
                condition=lambda obj: [] if obj.headline_en else ["Write an English headline."],
                refusal=lambda obj: f"Listing {obj.pk} is no longer a draft.",
            )
        ],
        audit_model=ListingTransition,
        audit_fk="listing",
    )
    listing.headline_en = ""
    assert flow.check(listing, "publish", SYSTEM) == ["Write an English headline."]
    assert flow.check(listing, "publish", seller) == [
        "Write an English headline.",
        "You may not do this.",
    ]
    listing.headline_en = "A picture book"
    assert flow.available_action_names(listing, SYSTEM) == {"publish"}
    listing.status = S.PAUSED
    with pytest.raises(TransitionRefused, match=f"Listing {listing.pk} is no longer a draft"):
        flow.apply(listing, "publish", user=SYSTEM)


def test_an_action_declared_twice_is_refused():
    with pytest.raises(ValueError, match="'pause' is declared twice"):
        Workflow(
            name="twice",
            actions=[
                action("pause", [S.PUBLISHED], S.PAUSED),
                action("pause", [S.DRAFT], S.PAUSED),
            ],
            audit_model=ListingTransition,
            audit_fk="listing",
        )


def test_an_audit_model_without_the_audit_columns_is_refused():
    with pytest.raises(ValueError, match=r"lacks \['actor', 'from_status', 'to_status'\]"):
        Workflow(
            name="no-audit",
            actions=[action("pause", [S.PUBLISHED], S.PAUSED)],
            audit_model=ShortlistItem,
            audit_fk="listing",
        )


def test_an_unknown_action_is_a_programming_error(listing, seller):
    with pytest.raises(ValueError, match="no action 'archive'"):
        WORKFLOW.check(listing, "archive", seller)
