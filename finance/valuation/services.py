"""Valuation writes: run and store a valuation, loan-to-value, LTV alerts after new royalties."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.notifications import notify
from catalog.kernel.permissions import AnyUser, acting_members, acts_for, is_examiner, is_staff
from catalog.models import Work
from finance.pledges.models import Pledge, PledgeStatus
from finance.valuation.inputs import (
    History,
    ReliefOverrides,
    assumptions_of,
    contracted_minimums,
    histories_for,
    pledge_report_inputs,
    relief_inputs_for,
    royalty_history,
)
from finance.valuation.model import Assumptions
from finance.valuation.models import Valuation
from finance.valuation.montecarlo import ValuationResult, value_portfolio
from i18n.formatting import format_percent
from licensing.events import StatementsClosed


def validate_assumptions(a: Assumptions) -> Assumptions:
    errors = {}
    if not -0.5 < a.discount_rate < 1:
        errors["discount_rate"] = f"{a.discount_rate} is outside (-50 %, 100 %)"
    if a.discount_rate_sd < 0 or a.decay_sd_multiplier < 0:
        errors["discount_rate_sd"] = "uncertainties cannot be negative"
    if not 1 <= a.horizon_years <= 50:
        errors["horizon_years"] = f"{a.horizon_years} is outside 1–50 years"
    if a.periods_per_year not in (1, 2, 4, 12):
        errors["periods_per_year"] = "periods per year must be 1, 2, 4 or 12"
    if not 1 <= a.scenarios <= 20000:
        errors["scenarios"] = f"{a.scenarios} is outside 1–20,000"
    if errors:
        raise ValidationError(errors)
    return a


def valuation_compute(
    *,
    works: list[Work],
    currency: str,
    assumptions: Assumptions,
    as_of: dt.date | None = None,
    history: History | None = None,
    relief_overrides: ReliefOverrides | None = None,
) -> tuple[ValuationResult, dict]:
    """Value ``works`` (no write). Returns the result and the full inputs, for storage."""
    currency = validate_currency(currency)
    validate_assumptions(assumptions)
    as_of = as_of or timezone.localdate()
    if history is None:
        history = royalty_history([w.pk for w in works], currency)
    histories = histories_for(works, history)
    relief = relief_inputs_for(works, currency, history, relief_overrides)
    minimums = contracted_minimums(works, currency, history)
    result = value_portfolio(
        histories=histories, relief=relief, minimums=minimums, assumptions=assumptions, as_of=as_of
    )
    inputs = {
        "assumptions": dataclasses.asdict(assumptions),
        "history": {
            str(h.work_id): [[d.isoformat(), str(v)] for d, v in h.periods] for h in histories
        },
        "relief": [
            {
                "work_id": r.work_id,
                "work_type": r.work_type,
                "annual_revenue": str(r.annual_revenue),
                "royalty_rate": str(r.royalty_rate),
                "comparables": r.comparables,
            }
            for r in relief
        ],
        "minimums": [
            {
                "work_id": m.work_id,
                "reference": m.reference,
                "remaining": str(m.remaining),
                "ends_on": m.ends_on.isoformat(),
            }
            for m in minimums
        ],
    }
    return result, inputs


def ltv(*, claim: Decimal, value: float) -> Decimal | None:
    """Secured claim / value; None when the value is nil (infinite LTV is shown as such)."""
    if value <= 0:
        return None
    return (Decimal(claim) / Decimal(str(value))).quantize(Decimal("0.000001"))


def _results_json(result: ValuationResult, currency: str) -> dict:
    money = lambda v: str(round_money(Decimal(str(v)), currency))  # noqa: E731
    return {
        "deterministic": money(result.deterministic),
        "contracted": money(result.contracted),
        "mean": money(result.mean),
        "p10": money(result.p10),
        "p50": money(result.p50),
        "p90": money(result.p90),
        "work_values": {str(k): money(v) for k, v in result.work_values.items()},
        "fits": [dataclasses.asdict(f) for f in result.fits],
        "notes": result.notes,
    }


def can_value_pledge(*, user: AnyUser, pledge: Pledge) -> bool:
    """Who may save the assumptions the bank's loan-to-value rests on.

    Not the pledgor: it could raise the value of its own collateral and hide
    a breach of the LTV threshold. It still reads the report.
    """
    return is_staff(user) or is_examiner(user) or acts_for(user, pledge.pledgee_id)


def pledge_works(*, pledge: Pledge) -> list[Work]:
    works = {w.pk: w for w in pledge.works.all()}
    for contract in pledge.contracts.select_related("work"):
        works.setdefault(contract.work_id, contract.work)
    return list(works.values())


@transaction.atomic
def valuation_save(
    *,
    works: list[Work],
    currency: str,
    assumptions: Assumptions,
    user: AnyUser | None,
    pledge: Pledge | None = None,
    as_of: dt.date | None = None,
    history: History | None = None,
    relief_overrides: ReliefOverrides | None = None,
    reason: str = "manual",
    claim: Decimal | None = None,
) -> Valuation:
    """Compute and store a valuation; its LTV is against the pledge's secured claim, or
    ``claim`` (a proposed loan) when there is no pledge yet."""
    claim = pledge.secured_amount if pledge is not None else claim
    if pledge is not None and user is not None and not can_value_pledge(user=user, pledge=pledge):
        raise PermissionDenied(
            _("Only the pledgee bank and examiners may save a valuation of this pledge.")
        )
    result, inputs = valuation_compute(
        works=works,
        currency=currency,
        assumptions=assumptions,
        as_of=as_of,
        history=history,
        relief_overrides=relief_overrides,
    )
    return valuation_record(
        works=works,
        currency=currency,
        result=result,
        inputs=inputs,
        user=user,
        pledge=pledge,
        claim=claim,
        reason=reason,
    )


def valuation_record(
    *,
    works: list[Work],
    currency: str,
    result: ValuationResult,
    inputs: dict,
    user: AnyUser | None,
    pledge: Pledge | None = None,
    claim: Decimal | None = None,
    reason: str = "manual",
) -> Valuation:
    """Store a computed valuation (``valuation_compute``) as it is; no permission check:
    callers (``valuation_save``, the report job) decide who may."""
    results = _results_json(result, currency)
    valuation = Valuation.objects.create(
        pledge=pledge,
        currency=currency.upper(),
        as_of=result.as_of,
        seed=result.assumptions.seed,
        inputs=inputs,
        results=results,
        p10=Decimal(results["p10"]),
        p50=Decimal(results["p50"]),
        p90=Decimal(results["p90"]),
        ltv_p50=ltv(claim=claim, value=result.p50) if claim is not None else None,
        ltv_p10=ltv(claim=claim, value=result.p10) if claim is not None else None,
        reason=reason[:64],
        created_by=user,
    )
    valuation.works.set(works)
    return valuation


def pledge_valuation_save(
    *,
    pledge: Pledge,
    user: AnyUser,
    assumptions: Assumptions,
    history_source: str,
    relief_overrides: ReliefOverrides | None = None,
) -> Valuation:
    """Save the valuation the report page shows for these choices to the credit file."""
    inputs = pledge_report_inputs(
        previous=pledge.valuations.first(),
        assumptions=assumptions,
        history_source=history_source,
        relief_overrides=relief_overrides,
    )
    return valuation_save(
        works=pledge_works(pledge=pledge),
        currency=pledge.currency,
        assumptions=inputs.assumptions,
        user=user,
        pledge=pledge,
        relief_overrides=inputs.relief_overrides,
        history=inputs.history,
    )


def _alert(pledge: Pledge, valuation: Valuation) -> int:
    sent = 0
    url = reverse("valuation:pledge", kwargs={"pk": pledge.pk})
    for membership in acting_members([pledge.pledgee_id]):
        user = membership.user
        with override(user.preferred_language):
            text = _("LTV of pledge %(number)s is %(ltv)s, above the %(limit)s threshold") % {
                "number": pledge.number,
                "ltv": format_percent(valuation.ltv_p50) if valuation.ltv_p50 else "∞",
                "limit": format_percent(pledge.ltv_threshold),
            }
        notify(user=user, kind="pledge_ltv", text=text, url=url)
        sent += 1
    return sent


@transaction.atomic
def pledge_ltv_recompute(
    *, pledge_id: int, reason: str, history: History | None = None
) -> tuple[Valuation, bool]:
    """Revalue a registered pledge with its last assumptions; alert when LTV crosses the threshold.

    Returns the new valuation and whether an alert went out. Crossing means the
    previous LTV (P50) was at or below the threshold and the new one is above it
    (or the value fell to nothing), so a pledge that stays above is not re-alerted
    on every statement.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
    if pledge.status != PledgeStatus.REGISTERED:
        raise ValidationError({"status": _("only registered pledges are revalued")})
    previous = pledge.valuations.first()
    valuation = valuation_save(
        works=pledge_works(pledge=pledge),
        currency=pledge.currency,
        assumptions=assumptions_of(previous),
        user=None,
        pledge=pledge,
        history=history,
        reason=reason,
    )
    above = valuation.ltv_p50 is None or valuation.ltv_p50 > pledge.ltv_threshold
    was_above = previous is not None and (
        previous.ltv_p50 is None or previous.ltv_p50 > pledge.ltv_threshold
    )
    crossed = above and not was_above
    if crossed:
        _alert(pledge, valuation)
    return valuation, crossed


def pledges_covering(*, work_ids: list[int]) -> list[int]:
    return list(
        Pledge.objects.filter(status=PledgeStatus.REGISTERED)
        .filter(Q(works__in=work_ids) | Q(contracts__work__in=work_ids))
        .values_list("pk", flat=True)
        .distinct()
    )


def on_statements_closed(event: StatementsClosed) -> None:
    """Event handler (after commit): revalue the pledges over the closed statements' works.

    One query for the whole close, then one task per pledge affected.
    """
    from finance.valuation.tasks import recompute_pledge_ltv  # tasks import this module

    for pledge_id in pledges_covering(work_ids=list(event.work_ids)):
        recompute_pledge_ltv.delay(pledge_id, f"statements_closed:{event.period}")
