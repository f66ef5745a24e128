"""Batches: a mediator's cases against one respondent heard together, their sessions held
once (``sessions``) and every case's outcome recorded in one step."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, is_mediator
from licensing.disputes import deadlines, selectors
from licensing.disputes.cases import case_fail, case_withdraw, event_record
from licensing.disputes.models import Batch, Case, CaseParty, CaseStatus
from licensing.disputes.settlements import SettlementInput, settlement_draft

S = CaseStatus


@dataclass
class CaseOutcome:
    """One case's outcome in a batch: settled (with its own settlement), failed or withdrawn."""

    kind: str  # settled | failed | withdrawn
    note: str = ""
    settlement: SettlementInput | None = None


def awaits_outcome(case: Case) -> bool:
    """The cases of a batch whose outcome the next recording must give: those in mediation."""
    return case.status == CaseStatus.MEDIATING


@transaction.atomic
def batch_create(
    *,
    mediator: AnyUser,
    cases: list[Case],
    kind: str = Batch.Kind.SAME_PAIR,
    source_ref: str | None = None,
) -> Batch:
    """Group a mediator's cases against one respondent (and, for same_pair, one claimant)."""
    if not is_mediator(mediator):
        raise PermissionDenied(_("You may not do this."))
    if kind not in Batch.Kind.values:
        raise ValidationError({"kind": _("“%(kind)s” is not a batch kind") % {"kind": kind}})
    locked = list(Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]))
    if len(locked) < 2:
        raise ValidationError({"cases": _("A batch groups at least two cases.")})
    keys = {}
    for c in locked:
        if c.mediator_id != mediator.pk:
            raise ValidationError(
                {
                    "cases": _("%(case)s is not assigned to %(mediator)s")
                    % {"case": c.number, "mediator": mediator}
                }
            )
        if c.status != S.MEDIATING:
            raise ValidationError(
                {
                    "cases": _("%(case)s is not in mediation (%(status)s)")
                    % {"case": c.number, "status": c.status}
                }
            )
        if c.batch_id:
            raise ValidationError(
                {
                    "cases": _("%(case)s is already in batch %(batch)s")
                    % {"case": c.number, "batch": c.batch}
                }
            )
        rows = {r.role: r.identity_key for r in c.parties.all()}
        keys[c.number] = (rows[CaseParty.Role.CLAIMANT], rows[CaseParty.Role.RESPONDENT])
    respondents = {k[1] for k in keys.values()}
    claimants = {k[0] for k in keys.values()}
    if len(respondents) != 1:
        raise ValidationError({"cases": _("The cases of a batch must have the same respondent.")})
    if kind == Batch.Kind.SAME_PAIR and len(claimants) != 1:
        raise ValidationError({"cases": _("These cases have different claimants.")})
    batch = Batch.objects.create(
        kind=kind,
        mediator=mediator,
        respondent_key=respondents.pop(),
        claimant_key=claimants.pop() if kind == Batch.Kind.SAME_PAIR else "",
        source_ref=source_ref,
    )
    now = timezone.now()
    for c in locked:
        c.batch = batch
        c.save(update_fields=["batch"])
        event_record(c, action="batch", actor=mediator, at=now, note=str(batch))
    return batch


@transaction.atomic
def batch_record_outcomes(
    *,
    batch: Batch,
    actor: AnyUser,
    outcomes: dict[int, CaseOutcome],
    at: dt.datetime | None = None,
) -> list[Case]:
    """Record every case's outcome in one step (all or nothing); settled cases get their own
    settlement agreement to sign."""
    at = deadlines.aware_now(at)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    if not selectors.can_mediate_batch(actor, batch):
        raise PermissionDenied(_("You may not do this."))
    cases = list(batch.cases.select_for_update().order_by("pk"))
    open_cases = [c for c in cases if awaits_outcome(c)]
    missing = [c.number for c in open_cases if c.pk not in outcomes]
    if missing:
        raise ValidationError(
            {"outcomes": _("no outcome for %(missing)s") % {"missing": ", ".join(missing)}}
        )
    strangers = set(outcomes) - {c.pk for c in open_cases}
    if strangers:
        raise ValidationError(
            {
                "outcomes": _("cases %(strangers)s are not open in %(batch)s")
                % {"strangers": sorted(strangers), "batch": batch}
            }
        )
    done = []
    for case in open_cases:
        outcome = outcomes[case.pk]
        if outcome.kind == "settled":
            if outcome.settlement is None:
                raise ValidationError(
                    {
                        "outcomes": _("%(case)s: a settlement needs its terms")
                        % {"case": case.number}
                    }
                )
            settlement_draft(
                case=case, data=outcome.settlement, actor=actor, at=at, note=outcome.note
            )
        elif outcome.kind == "failed":
            case_fail(case=case, actor=actor, note=outcome.note, at=at)
        elif outcome.kind == "withdrawn":
            case_withdraw(case=case, actor=actor, note=outcome.note, at=at)
        else:
            raise ValidationError(
                {
                    "outcomes": _("%(case)s: unknown outcome %(kind)s")
                    % {"case": case.number, "kind": outcome.kind}
                }
            )
        done.append(case)
    batch.outcomes_recorded_at = at
    batch.save(update_fields=["outcomes_recorded_at"])
    return [Case.objects.get(pk=c.pk) for c in done]
