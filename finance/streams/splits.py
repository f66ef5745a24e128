"""The royalty close's view of stream holdings (registered in ``StreamsConfig.ready`` with
``licensing.royalties.selectors.register_payee_split``).

A holding takes part in the close of every period that lies inside its term: from its start
period's first day through its end period's last (for life: no end). The close carves the
buyer's percent out of the holder's share of each line; it closes a contract's period once,
and late usage is restated in the next close with that close's payees — the buyer's share
follows what is stated while it holds the stream (paid basis), never twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Q

from finance.streams.models import StreamHolding


def stream_splits(
    work_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, list[tuple[int, int, Decimal]]]:
    rows = (
        StreamHolding.objects.filter(offer__works__in=work_ids, starts_on__lte=start)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=end))
        .values_list("offer__works", "holder_id", "buyer_id", "share_percent")
        .order_by("pk")
        .distinct()
    )
    wanted = set(work_ids)
    splits: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    for work_id, holder_id, buyer_id, percent in rows:
        if work_id in wanted:
            splits[work_id].append((holder_id, buyer_id, percent))
    return dict(splits)
