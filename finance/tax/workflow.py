"""The residency review: submitted → accepted / rejected; rejected → submitted again.

The payee's owners and administrators submit and correct; staff decide. An accepted
residency is withdrawn from use by rejecting it (with a reason), never by editing it:
the statements closed under it name it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.kernel.permissions import is_staff, managed_party_ids
from catalog.kernel.workflow import Workflow, action
from finance.tax.models import ResidencyStatus, TaxResidency, TaxResidencyTransition

S = ResidencyStatus


def _staff(residency: TaxResidency, user: object) -> bool:
    return is_staff(user)


def _party_manager(residency: TaxResidency, user: object) -> bool:
    return residency.party_id in managed_party_ids(user)


WORKFLOW = Workflow(
    name="tax_residency",
    actions=[
        action("accept", [S.SUBMITTED], S.ACCEPTED, _staff, label=_("Accept"), style="primary"),
        action(
            "reject",
            [S.SUBMITTED, S.ACCEPTED],
            S.REJECTED,
            _staff,
            label=_("Reject"),
            style="danger",
        ),
        # Correcting a submitted or rejected claim puts it (back) in the queue.
        action("correct", [S.SUBMITTED, S.REJECTED], S.SUBMITTED, _party_manager),
    ],
    audit_model=TaxResidencyTransition,
    audit_fk="residency",
)
