"""Rights in for tests: what a publisher records before it lists or licenses a work.

Only a creator-holder holds "everything" by default (licensing migration 0004); a work held
by a publisher needs the rights it acquired recorded first, through the service, as the
rights-in page does.
"""

from __future__ import annotations

import datetime as dt

from catalog.kernel.permissions import acting_members
from catalog.models import Membership, Work
from catalog.services import CreatorInput, party_add_member, work_create
from licensing.models import ANY, HeldRight
from licensing.rightsin.services import held_right_add
from tests.factories.catalog import make_party, make_user, work_input


def holder_user(work: Work):
    """A user acting for the work's holder (one is added if the holder has none)."""
    membership = acting_members([work.holder_id]).select_related("user").first()
    if membership is not None:
        return membership.user
    user = make_user()
    party_add_member(party=work.holder, user=user, role=Membership.Role.OWNER)
    return user


def acquire_rights(
    work: Work,
    *,
    user=None,
    right_type: str = ANY,
    territories: tuple[str, ...] = (ANY,),
    languages: tuple[str, ...] = (ANY,),
    exclusive: bool = True,
    start: dt.date | None = None,
    end: dt.date | None = None,
    source_ref: str | None = None,
    acquired_from: str = "the author",
    **extra: object,
) -> HeldRight:
    """Record rights the holder acquired from the author by contract. Default: every right,
    everywhere, in every language, exclusively, with no end — an outright author contract."""
    return held_right_add(
        work=work,
        user=user or holder_user(work),
        basis=HeldRight.Basis.ACQUIRED,
        right_type=right_type,
        territories=list(territories),
        languages=list(languages),
        exclusive=exclusive,
        start=start,
        end=end,
        source_ref=source_ref or f"AUTHOR-CONTRACT-{work.pk}",
        acquired_from=acquired_from,
        **extra,
    )


def make_creator_work(*, member=None, country: str = "CN", **overrides: object) -> Work:
    """An author registering their own work: the holder is among its creators, so it holds
    everything by default (one "own" record) without recording anything."""
    author = make_party(
        country=country, kind="person", category="creator", name=None, member=member
    )
    creators = [CreatorInput(author, "author"), *overrides.pop("creators", [])]
    return work_create(holder=author, data=work_input(creators=creators, **overrides))
