"""May these works' royalty stream be offered by this holder now?

* history: ≥ 12 closed statement periods or ≥ 3 years of statements on the platform for the
  works, or external statements a staff member verified on the offer;
* the holder receives royalties of every work (an ownership share; with no shares recorded,
  the work's holder — the royalty close's own fallback);
* the kernel guard's ``stream_sale`` action: a seized work (and whatever else a registered
  guard refuses) cannot be offered at all — the rule lives with the seizures;
* a registered pledge of a work needs its pledgee's recorded consent to this offer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.guards import refusals
from catalog.models import OwnershipShare, Work
from finance.pledges.models import Pledge
from finance.pledges.selectors import active_pledges_for_work
from finance.streams.models import StreamHolding, StreamOffer, StreamStatus
from i18n.formatting import format_number, format_percent
from licensing.royalties.selectors import work_statement_periods

MIN_PERIODS = 12
MIN_YEARS = 3


@dataclass
class Eligibility:
    periods: list[tuple[str, dt.date, dt.date]]
    history_ok: bool
    reasons: list[str] = field(default_factory=list)
    pledges: list[Pledge] = field(default_factory=list)  # awaiting their pledgee's consent

    @property
    def ok(self) -> bool:
        return not self.reasons


def history_sufficient(periods: list[tuple[str, dt.date, dt.date]]) -> bool:
    if len(periods) >= MIN_PERIODS:
        return True
    if not periods:
        return False
    first = periods[0][1]
    last = max(end for _period, _start, end in periods)
    try:
        threshold = first.replace(year=first.year + MIN_YEARS)
    except ValueError:  # 29 February
        threshold = first.replace(year=first.year + MIN_YEARS, day=28)
    return last + dt.timedelta(days=1) >= threshold


def receives_royalties(work: Work, party_id: int) -> bool:
    shares = OwnershipShare.objects.filter(work=work)
    if shares.exists():
        return shares.filter(party_id=party_id).exists()
    return work.holder_id == party_id


def _already_sold(offer: StreamOffer) -> Decimal:
    """The percent of the holder's share already sold (holdings not yet ended) or on offer
    (open, or closed awaiting the winner's payment) in other offers touching any of these
    works — summed over those offers, so the carve-outs of one work never pass 100."""
    today = timezone.localdate()
    others = (
        StreamOffer.objects.filter(holder_id=offer.holder_id, works__in=offer.works.all())
        .exclude(pk=offer.pk)
        .filter(
            Q(status=StreamStatus.OPEN)
            | Q(status=StreamStatus.CLOSED, buyer__isnull=False)
            | Q(
                status=StreamStatus.SETTLED,
                holding__in=StreamHolding.objects.filter(
                    Q(ends_on__isnull=True) | Q(ends_on__gte=today)
                ),
            )
        )
        .distinct()
    )
    return sum((o.share_percent for o in others), Decimal(0))


def offer_eligibility(offer: StreamOffer) -> Eligibility:
    works = list(offer.works.order_by("pk"))
    periods = work_statement_periods(work_ids=[w.pk for w in works])
    history_ok = history_sufficient(periods) or offer.external_verified_at is not None
    result = Eligibility(periods=periods, history_ok=history_ok)
    if not works:
        result.reasons.append(_("Choose at least one work."))
    if not history_ok:
        result.reasons.append(
            _(
                "A royalty stream needs 12 closed statement periods or 3 years of statements "
                "on the platform (%(count)s so far), or external statements verified by staff."
            )
            % {"count": format_number(len(periods))}
        )
    sold = _already_sold(offer)
    if sold + offer.share_percent > 100:
        result.reasons.append(
            _("%(sold)s of your royalties from these works is already sold or on offer.")
            % {"sold": format_percent(sold / 100)}
        )
    consented = set(offer.consents.values_list("pledge_id", flat=True))
    for work in works:
        if not receives_royalties(work, offer.holder_id):
            result.reasons.append(
                _("%(holder)s receives no royalties of “%(work)s”.")
                % {"holder": offer.holder.name, "work": work.title}
            )
        result.reasons.extend(refusals(work, "stream_sale", party=offer.holder))
        for pledge in active_pledges_for_work(work):
            if pledge.pk not in consented and pledge not in result.pledges:
                result.pledges.append(pledge)
                result.reasons.append(
                    _("pledged to %(pledgee)s (%(number)s): the pledgee has not consented")
                    % {"pledgee": pledge.pledgee.name, "number": pledge.number}
                )
    return result
