"""The pledge and seizure workflows: which action moves which status, and who may take it.

application → examination → registered → released | enforced
          ↘ rejected (from application or examination)

Examiners move a pledge through examination; only the pledgee changes, consents under,
redirects, releases or enforces a registered pledge (those acts keep it registered and
are audited like transitions). A seizure is lifted by its court (or staff for it).
Services apply these tables; the pledge and seizure pages ask them which buttons to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.permissions import acting_courts, is_examiner, may_act_for
from catalog.kernel.workflow import Workflow, action
from finance.pledges.models import (
    Pledge,
    PledgeEvent,
    PledgeStatus,
    Seizure,
    SeizureEvent,
    SeizureStatus,
)

APPLICATION, EXAMINATION, REGISTERED = (
    PledgeStatus.APPLICATION,
    PledgeStatus.EXAMINATION,
    PledgeStatus.REGISTERED,
)


def _examiner(pledge: Pledge, user: object) -> bool:
    return is_examiner(user)


def _pledgee(pledge: Pledge, user: object) -> bool:
    return may_act_for(user, pledge.pledgee_id)


def _court(seizure: Seizure, user: object) -> bool:
    return acting_courts(user).filter(pk=seizure.court_id).exists()


def _receivables_to_redirect(pledge: Pledge) -> list[str]:
    if not pledge.contracts.exists():
        return [_("this pledge has no contract receivables")]
    if pledge.receivables_redirected_at is not None:
        return [_("the royalties already go to the pledgee's escrow account")]
    return []


PLEDGE_WORKFLOW = Workflow(
    name="pledge",
    actions=[
        action(
            "examine",
            [APPLICATION],
            EXAMINATION,
            _examiner,
            label=gettext_lazy("Start examination"),
            style="primary",
        ),
        action(
            "register",
            [EXAMINATION],
            REGISTERED,
            _examiner,
            label=gettext_lazy("Register"),
            style="primary",
        ),
        action(
            "reject",
            [APPLICATION, EXAMINATION],
            PledgeStatus.REJECTED,
            _examiner,
            label=gettext_lazy("Reject"),
            style="danger",
        ),
        action(
            "change",
            [REGISTERED],
            REGISTERED,
            _pledgee,
            label=gettext_lazy("Change"),
            refusal=lambda pledge: _("only a registered pledge can be changed"),
        ),
        action(
            "consent",
            [REGISTERED],
            REGISTERED,
            _pledgee,
            label=gettext_lazy("Consent to this contract"),
            refusal=lambda pledge: _("consent is given under a registered pledge"),
        ),
        action(
            "redirect",
            [REGISTERED],
            REGISTERED,
            _pledgee,
            label=gettext_lazy("Redirect royalties to our escrow account"),
            condition=_receivables_to_redirect,
            refusal=lambda pledge: _("only a registered pledge redirects receivables"),
        ),
        action(
            "release", [REGISTERED], PledgeStatus.RELEASED, _pledgee, label=gettext_lazy("Release")
        ),
        action(
            "enforce",
            [REGISTERED],
            PledgeStatus.ENFORCED,
            _pledgee,
            label=gettext_lazy("Enforce"),
            style="danger",
        ),
    ],
    audit_model=PledgeEvent,
    audit_fk="pledge",
)

SEIZURE_WORKFLOW = Workflow(
    name="seizure",
    actions=[
        action(
            "release",
            [SeizureStatus.ACTIVE],
            SeizureStatus.RELEASED,
            _court,
            label=gettext_lazy("Release"),
            refusal=lambda seizure: _("this order was already released"),
        ),
    ],
    audit_model=SeizureEvent,
    audit_fk="seizure",
)
