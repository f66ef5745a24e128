"""Securitisation pools: writes, visibility, and the defaults of structure and criteria."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from catalog.kernel.money import validate_currency
from catalog.kernel.permissions import acting_party_ids, is_examiner, is_staff, may_act_for
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


def can_manage_pool(user: object, pool: Pool) -> bool:
    return any(may_act_for(user, party.pk) for party in pool.participants.all())


def _audit(pool: Pool, action: str, user: object | None, data: dict | None = None) -> None:
    PoolEvent.objects.create(pool=pool, action=action, actor=user, data=data or {})


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
    _audit(pool, "created", user, {"works": len(works), "contracts": len(contracts)})
    return pool


@transaction.atomic
def pool_update_structure(*, pool: Pool, user: object, structure: dict, criteria: dict) -> Pool:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    if not can_manage_pool(user, pool):
        raise PermissionDenied(_("only participating banks change the structure"))
    if pool.status != PoolStatus.DRAFT:
        raise ValidationError({"status": _("a live pool's structure is fixed")})
    before = {"structure": pool.structure, "criteria": pool.criteria}
    pool.structure = {**pool.structure, **structure}
    pool.criteria = {**pool.criteria, **criteria}
    pool.save(update_fields=["structure", "criteria"])
    _audit(pool, "structure", user, {"before": before})
    return pool


@transaction.atomic
def pool_go_live(*, pool: Pool, user: object, live_from: dt.date) -> Pool:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    if not can_manage_pool(user, pool):
        raise PermissionDenied(_("only participating banks launch a pool"))
    if pool.status != PoolStatus.DRAFT:
        raise ValidationError({"status": _("the pool is already live")})
    pool.status = PoolStatus.LIVE
    pool.live_from = live_from
    pool.save(update_fields=["status", "live_from"])
    _audit(pool, "live", user, {"live_from": live_from.isoformat()})
    return pool
