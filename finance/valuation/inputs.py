"""What a valuation is computed from: royalty history, contracted minimums, relief inputs.

The royalty history comes from the royalty engine
(``licensing.royalties.selectors.earnings_history``); callers may pass an
explicit history instead (tests, what-if runs, imports from another registry).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError

from catalog.models import Work
from finance.valuation.model import ContractedMinimum, WorkHistory
from finance.valuation.relief import ReliefInput, relief_input_for
from licensing.contracts.models import Contract, ContractStatus

try:  # written in parallel by the royalties helper; until it lands, history is explicit
    from licensing.royalties.selectors import earnings_history
except ImportError:  # pragma: no cover - transitional
    earnings_history = None

History = dict[int, list[tuple[dt.date, Decimal]]]


def royalty_history(work_ids: list[int], currency: str) -> History:
    if earnings_history is None or not work_ids:
        return {}
    return earnings_history(work_ids=work_ids, currency=currency)


def histories_for(works: Iterable[Work], history: History) -> list[WorkHistory]:
    return [
        WorkHistory(w.pk, w.work_type, tuple(sorted(history.get(w.pk, []))))
        for w in works
        if history.get(w.pk)
    ]


def contracted_minimums(
    works: Iterable[Work], currency: str, history: History
) -> list[ContractedMinimum]:
    """Active contracts' minimum guarantees less the work's earnings since the contract began."""
    minimums = []
    contracts = Contract.objects.filter(
        work__in=list(works), status=ContractStatus.ACTIVE, currency=currency
    ).order_by("pk")
    for contract in contracts:
        try:
            terms = contract.get_terms()
        except ValidationError:  # unreadable terms: no contracted floor rather than a wrong one
            continue
        if terms.minimum_guarantee <= 0 or not terms.rights:
            continue
        start = min(r.start for r in terms.rights)
        earned = sum(
            (amount for day, amount in history.get(contract.work_id, []) if day >= start),
            Decimal(0),
        )
        minimums.append(
            ContractedMinimum(
                work_id=contract.work_id,
                reference=contract.reference,
                remaining=max(terms.minimum_guarantee - earned, Decimal(0)),
                ends_on=max(r.end for r in terms.rights),
            )
        )
    return minimums


def relief_inputs_for(
    works: Iterable[Work],
    currency: str,
    history: History,
    overrides: dict[int, tuple[Decimal | None, Decimal | None]] | None = None,
) -> list[ReliefInput]:
    """Relief-from-royalty inputs for works without a positive royalty period.

    ``overrides`` maps work id → (annual revenue, royalty rate fraction) the user typed.
    """
    overrides = overrides or {}
    out = []
    for work in works:
        if any(amount > 0 for _, amount in history.get(work.pk, [])):
            continue
        base = relief_input_for(work_id=work.pk, work_type=work.work_type, currency=currency)
        revenue, rate = overrides.get(work.pk, (None, None))
        out.append(
            ReliefInput(
                work_id=work.pk,
                work_type=work.work_type,
                annual_revenue=base.annual_revenue if revenue is None else revenue,
                royalty_rate=base.royalty_rate if rate is None else rate,
                comparables=base.comparables,
            )
        )
    return out
