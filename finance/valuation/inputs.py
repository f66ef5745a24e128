"""What a valuation is computed from: royalty history, contracted minimums, relief inputs.

The royalty history comes from the royalty engine
(``licensing.royalties.selectors.earnings_history``); callers may pass an
explicit history instead (tests, what-if runs, imports from another registry).

A pledge's report is computed from the user's choice, or re-runs the last saved
valuation from its recorded inputs (same figures); before anything is saved it uses
the model's default assumptions and says so. A choice that cannot be honoured is an
error, never a silent switch to other inputs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import Work
from finance.valuation.model import Assumptions, ContractedMinimum, WorkHistory
from finance.valuation.models import Valuation
from finance.valuation.relief import ReliefInput, relief_input_for
from licensing.contracts.selectors import active_contract_figures
from licensing.royalties.selectors import earnings_history

History = dict[int, list[tuple[dt.date, Decimal]]]
# work id -> (annual revenue, royalty rate fraction) the user typed; None keeps the comparables'
ReliefOverrides = dict[int, tuple[Decimal | None, Decimal | None]]
ENGINE, SAVED = "engine", "saved"  # where a report's royalty history comes from


def royalty_history(work_ids: list[int], currency: str) -> History:
    if not work_ids:
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
    # Unreadable terms are left out by the selector: no contracted floor rather than a wrong one.
    work_ids = [w.pk for w in works]
    for contract in active_contract_figures(currency=currency, work_ids=work_ids):
        if contract.minimum_guarantee <= 0 or contract.rights_start is None:
            continue
        earned = sum(
            (
                amount
                for day, amount in history.get(contract.work_id, [])
                if day >= contract.rights_start
            ),
            Decimal(0),
        )
        minimums.append(
            ContractedMinimum(
                work_id=contract.work_id,
                reference=contract.reference,
                remaining=max(contract.minimum_guarantee - earned, Decimal(0)),
                ends_on=contract.rights_end,
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


# --- the inputs a saved valuation recorded -------------------------------------------------
def assumptions_of(valuation: Valuation | None) -> Assumptions:
    if valuation is None:
        return Assumptions()
    return Assumptions(**dict(valuation.inputs.get("assumptions", {})))


def saved_history(valuation: Valuation) -> History:
    return {
        int(work_id): [(dt.date.fromisoformat(d), Decimal(v)) for d, v in periods]
        for work_id, periods in valuation.inputs.get("history", {}).items()
    }


def saved_relief(valuation: Valuation) -> ReliefOverrides:
    return {
        r["work_id"]: (Decimal(r["annual_revenue"]), Decimal(r["royalty_rate"]))
        for r in valuation.inputs.get("relief", [])
    }


@dataclass(frozen=True)
class ReportInputs:
    assumptions: Assumptions
    assumptions_source: str  # default (nothing saved yet) | saved | chosen
    history_source: str  # ENGINE: current statements | SAVED: as the saved valuation recorded
    history: History | None  # None: read from the royalty engine
    relief_overrides: ReliefOverrides | None
    as_of: dt.date | None  # None: today


def pledge_report_inputs(
    *,
    previous: Valuation | None,
    assumptions: Assumptions | None = None,
    history_source: str = ENGINE,
    relief_overrides: ReliefOverrides | None = None,
) -> ReportInputs:
    """The inputs of a pledge's report: the user's choice, or (``assumptions`` None) a
    re-run of ``previous`` as it was saved."""
    if assumptions is None:
        if previous is None:
            return ReportInputs(Assumptions(), "default", ENGINE, None, None, None)
        return ReportInputs(
            assumptions_of(previous),
            "saved",
            SAVED,
            saved_history(previous),
            saved_relief(previous),
            previous.as_of,
        )
    if history_source == SAVED and previous is None:
        raise ValidationError(
            {
                "history_source": _(
                    "No valuation of this pledge is saved yet, so there is no recorded "
                    "royalty history; choose the current royalty statements."
                )
            }
        )
    history = saved_history(previous) if history_source == SAVED else None
    return ReportInputs(assumptions, "chosen", history_source, history, relief_overrides, None)
