"""The contract workflow: draft → awaiting signatures → active → expired / terminated / superseded.

Either party (or staff) sends a draft for signature and retries an activation a conflict
refused; the last signature activates. The licensor's managers (or staff) terminate; an
amendment's activation supersedes the version it replaces; expiry is the platform's own
step. Services apply these actions; the contract page asks
``WORKFLOW.available_action_names`` which buttons to show.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from catalog.kernel.workflow import Workflow, action, platform_only
from catalog.models import Party
from licensing.contracts import selectors
from licensing.contracts.models import Contract, ContractEvent, ContractStatus


def _party_or_staff(contract: Contract, user: object) -> bool:
    return selectors.can_view(user, contract)


def _may_terminate(contract: Contract, user: object) -> bool:
    return selectors.can_terminate(user, contract)


def unsigned_parties(contract: Contract) -> list[Party]:
    signed = set(contract.signatures.values_list("party_id", flat=True))
    return [party for party in contract.parties if party.pk not in signed]


def _unsigned(contract: Contract) -> list[str]:
    if unsigned_parties(contract):
        return [_("Both parties must sign before activation.")]
    return []


def _not_awaiting(contract: Contract) -> str:
    return _("This contract is not awaiting signatures.")


S = ContractStatus
WORKFLOW = Workflow(
    name="contract",
    actions=[
        action("send", [S.DRAFT], S.AWAITING_SIGNATURES, _party_or_staff),
        action(
            "activate",
            [S.AWAITING_SIGNATURES],
            S.ACTIVE,
            _party_or_staff,
            condition=_unsigned,
            refusal=_not_awaiting,
        ),
        action("supersede", [S.ACTIVE], S.SUPERSEDED, _party_or_staff),
        action("terminate", [S.ACTIVE], S.TERMINATED, _may_terminate),
        action("expire", [S.ACTIVE], S.EXPIRED, platform_only),
    ],
    audit_model=ContractEvent,
    audit_fk="contract",
)


def amendment_refusals(contract: Contract) -> list[str]:
    """Why no amendment may be drafted now (empty: it may). An amendment supersedes the
    version it amends when it activates, so only an active one without another in
    progress is amended."""
    if contract.status not in WORKFLOW.action("supersede").sources:
        return [_("Only an active contract can be amended.")]
    if Contract.objects.filter(supersedes=contract).exists():
        return [_("This contract already has an amendment in progress.")]
    return []


def open_for_signature(contract: Contract) -> bool:
    """Signatures are collected while the contract waits to be activated."""
    return contract.status in WORKFLOW.action("activate").sources
