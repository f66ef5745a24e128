"""Securitisation pools: writes, visibility, and the defaults of structure and criteria.

A pool is structured as a draft by its participating banks and goes live once; the
workflow below says so for the services and for the pool page's forms.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.money import validate_currency
from catalog.kernel.permissions import acting_party_ids, is_examiner, is_staff, may_act_for
from catalog.kernel.workflow import Workflow, action
from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory
from finance.valuation.models import Pool, PoolEvent, PoolStatus

DEFAULT_STRUCTURE = {
    "senior_share": 0.70,  # of the pool's present value
    "mezz_share": 0.20,
    "senior_coupon": 0.04,
    "mezz_coupon": 0.08,
    "fee_rate": 0.005,
    "fixed_fee": 0.0,
    "reserve_target": 0.05,
    "reserve_initial_share": 0.01,
    "guarantee_share": 0.10,  # external guarantee cap, share of the senior class
    "discount_rate": 0.08,
    "horizon_years": 10,
    "stress_scenarios": 1000,
    "stress_decay_sd": 0.30,
    "stress_max_hazard": 0.02,
    "seed": 20260101,
}
DEFAULT_CRITERIA = {
    "min_history_periods": 4,
    "max_originator_share": 0.35,
    "max_work_type_share": 0.50,
    "max_territory_share": 0.60,
}


def pools_visible_to(user: object) -> QuerySet[Pool]:
    qs = Pool.objects.order_by("-created_at")
    if is_examiner(user) or is_staff(user):
        return qs
    return qs.filter(participants__in=acting_party_ids(user)).distinct()


def _manager(pool: Pool, user: object) -> bool:
    """Members of a participating bank manage the pool."""
    return any(may_act_for(user, party.pk) for party in pool.participants.all())


POOL_WORKFLOW = Workflow(
    name="pool",
    actions=[
        action(
            "structure",
            [PoolStatus.DRAFT],
            PoolStatus.DRAFT,
            _manager,
            label=gettext_lazy("Save structure"),
            refusal=lambda pool: _("a live pool's structure is fixed"),
        ),
        action(
            "live",
            [PoolStatus.DRAFT],
            PoolStatus.LIVE,
            _manager,
            label=gettext_lazy("Launch: the pool is live from today"),
            style="primary",
            refusal=lambda pool: _("the pool is already live"),
        ),
    ],
    audit_model=PoolEvent,
    audit_fk="pool",
)


def pool_actions(pool: Pool, user: object) -> set[str]:
    """What the pool page offers this user: exactly what the services accept."""
    return POOL_WORKFLOW.available_action_names(pool, user)


@transaction.atomic
def pool_create(
    *,
    user: object,
    name: str,
    currency: str,
    trustee: Party,
    participants: list[Party],
    works: list[Work],
    contracts: list[Model] | None = None,  # licensing contracts, their receivables pooled
    structure: dict | None = None,
    criteria: dict | None = None,
    source_ref: str | None = None,
) -> Pool:
    currency = validate_currency(currency)
    if not name.strip():
        raise ValidationError({"name": _("a pool needs a name")})
    banks = [p for p in participants if p.category == PartyCategory.BANK]
    if not banks or trustee.category != PartyCategory.BANK or trustee not in participants:
        raise ValidationError({"participants": _("a pool needs bank participants, one as trustee")})
    if not any(may_act_for(user, p.pk) for p in participants):
        raise PermissionDenied(_("only members of a participating bank can set up a pool"))
    contracts = contracts or []
    if not works and not contracts:
        raise ValidationError({"works": _("select works or contracts")})
    pool = Pool.objects.create(
        name=name.strip(),
        currency=currency,
        trustee=trustee,
        structure={**DEFAULT_STRUCTURE, **(structure or {})},
        criteria={**DEFAULT_CRITERIA, **(criteria or {})},
        created_by=user,
        source_ref=source_ref,
    )
    pool.participants.set(participants)
    pool.works.set(works)
    pool.contracts.set(contracts)
    originators = {w.holder_id for w in works} | {c.licensor_id for c in contracts}
    pool.originators.set(Party.objects.filter(pk__in=originators))
    PoolEvent.objects.create(
        pool=pool,
        action="created",
        from_status="",
        to_status=pool.status,
        actor=user,
        data={"works": len(works), "contracts": len(contracts)},
    )
    return pool


@transaction.atomic
def pool_update_structure(*, pool: Pool, user: object, structure: dict, criteria: dict) -> Pool:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    before = {"structure": pool.structure, "criteria": pool.criteria}
    POOL_WORKFLOW.apply(pool, "structure", user=user, save=False, data={"before": before})
    pool.structure = {**pool.structure, **structure}
    pool.criteria = {**pool.criteria, **criteria}
    pool.save(update_fields=["structure", "criteria"])
    return pool


@transaction.atomic
def pool_go_live(*, pool: Pool, user: object, live_from: dt.date) -> Pool:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    pool.live_from = live_from
    POOL_WORKFLOW.apply(
        pool,
        "live",
        user=user,
        update_fields=["live_from"],
        data={"live_from": live_from.isoformat()},
    )
    return pool
