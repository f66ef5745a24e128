"""In-app notices to the other party, written in each recipient's own language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from catalog.kernel.permissions import acting_members
from marketplace.deals.models import Thread
from marketplace.listings.models import Notification


def _text(kind: str, *, party: str, title: str, version: int | None) -> str:
    texts = {
        "deal_offer": _("%(party)s made an offer (version %(version)s) for “%(title)s”"),
        "deal_counter": _("%(party)s made a counter-offer (version %(version)s) for “%(title)s”"),
        "deal_accepted": _("%(party)s accepted version %(version)s for “%(title)s”"),
        "deal_declined": _("%(party)s declined version %(version)s for “%(title)s”"),
        "deal_withdrawn": _("%(party)s withdrew version %(version)s for “%(title)s”"),
        "deal_expired": _("Version %(version)s for “%(title)s” expired"),
        "deal_message": _("New message from %(party)s about “%(title)s”"),
        "deal_suspended": _(
            "Version %(version)s for “%(title)s” is suspended: %(party)s froze the work"
        ),
        "deal_resumed": _(
            "Version %(version)s for “%(title)s” is open again: %(party)s lifted its order"
        ),
    }
    return texts[kind] % {"party": party, "title": title, "version": version}


def notify_parties(
    *, thread: Thread, kind: str, party_ids: list[int], actor_party_name: str, version=None
) -> int:
    """One Notification per member of the given parties; returns how many."""
    memberships = acting_members(party_ids)
    created = 0
    seen: set[int] = set()
    for membership in memberships:
        user = membership.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user.preferred_language):
            Notification.objects.create(
                user=user,
                kind=kind,
                text=_text(
                    kind, party=actor_party_name, title=thread.work.original_title, version=version
                )[:500],
                url=reverse("deals:detail", kwargs={"pk": thread.pk}),
            )
        created += 1
    return created
