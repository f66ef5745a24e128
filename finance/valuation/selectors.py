"""The valuation report of a pledge: its figures, or why there are none (no write).

Its inputs come from ``inputs.pledge_report_inputs``. A choice that cannot be honoured
(the saved history when nothing is saved) and a computation that lacks an input (an FX
rate of the history) are errors the page shows — never figures from other inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError

from catalog.models import Work
from finance.pledges.models import Pledge
from finance.valuation.inputs import (
    ENGINE,
    ReliefOverrides,
    ReportInputs,
    pledge_report_inputs,
)
from finance.valuation.model import Assumptions
from finance.valuation.models import Valuation
from finance.valuation.montecarlo import ValuationResult
from finance.valuation.services import ltv, pledge_works, valuation_compute


@dataclass
class PledgeReport:
    pledge: Pledge
    inputs: ReportInputs | None
    errors: list[str] = field(default_factory=list)  # why there are no figures
    result: ValuationResult | None = None
    stored: dict = field(default_factory=dict)  # the inputs as a saved valuation records them
    work_rows: list[dict] = field(default_factory=list)
    relief_rows: list[dict] = field(default_factory=list)
    ltv_p50: Decimal | None = None
    ltv_p10: Decimal | None = None


def pledge_valuation_report(
    *,
    pledge: Pledge,
    previous: Valuation | None,
    assumptions: Assumptions | None = None,
    history_source: str = ENGINE,
    relief_overrides: ReliefOverrides | None = None,
) -> PledgeReport:
    """The figures of a pledge's valuation report, or the errors that prevent them."""
    try:
        inputs = pledge_report_inputs(
            previous=previous,
            assumptions=assumptions,
            history_source=history_source,
            relief_overrides=relief_overrides,
        )
    except ValidationError as exc:
        return PledgeReport(pledge=pledge, inputs=None, errors=exc.messages)
    works = pledge_works(pledge=pledge)
    try:
        result, stored = valuation_compute(
            works=works,
            currency=pledge.currency,
            assumptions=inputs.assumptions,
            history=inputs.history,
            relief_overrides=inputs.relief_overrides,
            as_of=inputs.as_of,
        )
    except ValidationError as exc:  # e.g. no FX rate for a period of the history
        return PledgeReport(pledge=pledge, inputs=inputs, errors=exc.messages)
    titles: dict[int, Work] = {w.pk: w for w in works}
    return PledgeReport(
        pledge=pledge,
        inputs=inputs,
        result=result,
        stored=stored,
        work_rows=[
            {"work": titles[w], "method": m, "value": result.work_values.get(w)}
            for w, m in zip(result.basis.work_ids, result.basis.method, strict=True)
        ],
        relief_rows=[
            {
                "work": titles.get(r["work_id"]),
                "annual_revenue": Decimal(r["annual_revenue"]),
                "royalty_rate": Decimal(r["royalty_rate"]),
                "comparables": r["comparables"],
            }
            for r in stored["relief"]
        ],
        ltv_p50=ltv(claim=pledge.secured_amount, value=result.p50),
        ltv_p10=ltv(claim=pledge.secured_amount, value=result.p10),
    )
