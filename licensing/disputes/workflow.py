"""The dispute case workflow: the moves a case makes and who may make them.

filed → accepted | rejected | withdrawn
accepted → mediating (a mediator assigned; reassigned while mediating) | failed | withdrawn
mediating → settling (the agreement drafted) | failed | withdrawn
settling → settled (the last side signed: the platform's move) | failed | withdrawn

The centre's staff take cases in; the case's mediator (or staff) drafts, fails and
withdraws; the claimant (or an agent who may sign for it) withdraws. Services apply
these actions; the case page asks ``actions.case_actions`` which buttons to show.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.permissions import is_staff
from catalog.kernel.workflow import Workflow, action, platform_only
from licensing.disputes import selectors
from licensing.disputes.models import Case, CaseEvent, CaseStatus

S = CaseStatus


def intakes(case: Case, user: object) -> bool:
    """Accepting, rejecting and assigning is the centre staff's work."""
    return is_staff(user)


def mediates(case: Case, user: object) -> bool:
    return selectors.can_mediate(user, case)


def may_withdraw(case: Case, user: object) -> bool:
    return selectors.can_withdraw(user, case)


def _follows_no_batch(case: Case) -> Iterable[str]:
    if case.batch_id and case.status == S.MEDIATING:
        return [_("a batched case follows its batch's mediator")]
    return []


WORKFLOW = Workflow(
    name="dispute case",
    actions=[
        action("accept", [S.FILED], S.ACCEPTED, intakes, label=gettext_lazy("Accept")),
        action("reject", [S.FILED], S.REJECTED, intakes, label=gettext_lazy("Reject")),
        action(
            "assign",
            [S.ACCEPTED, S.MEDIATING],
            S.MEDIATING,
            intakes,
            label=gettext_lazy("Assign"),
            condition=_follows_no_batch,
        ),
        action(
            "settle_draft",
            [S.MEDIATING],
            S.SETTLING,
            mediates,
            label=gettext_lazy("Draft the settlement agreement"),
        ),
        action("settle", [S.SETTLING], S.SETTLED, platform_only),  # by the last signature
        action(
            "fail",
            [S.ACCEPTED, S.MEDIATING, S.SETTLING],
            S.FAILED,
            mediates,
            label=gettext_lazy("Mediation failed: refer to court"),
            style="danger",
        ),
        action(
            "withdraw",
            [S.FILED, S.ACCEPTED, S.MEDIATING, S.SETTLING],
            S.WITHDRAWN,
            may_withdraw,
            label=gettext_lazy("Withdraw the complaint"),
            style="danger",
        ),
    ],
    audit_model=CaseEvent,
    audit_fk="case",
)
