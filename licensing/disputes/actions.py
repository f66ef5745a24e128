"""What a user may do on a case page now, answered by the services' own checks.

The case's transitions come from its workflow (``workflow.WORKFLOW``); the acts that move
no status (extend the deadline, schedule a session, add evidence, sign, seal the court
file) from the same refusal functions their services raise. A template asks
``{% if "fail" in actions %}`` and so never offers what the service would refuse.
"""

from __future__ import annotations

from licensing.disputes import selectors
from licensing.disputes.cases import court_file_refused, extension_refused
from licensing.disputes.evidence import evidence_refused, may_add_evidence
from licensing.disputes.models import Case
from licensing.disputes.sessions import session_refused
from licensing.disputes.workflow import WORKFLOW


def case_actions(case: Case, user: object) -> set[str]:
    actions = WORKFLOW.available_action_names(case, user)
    if selectors.can_sign(user, case):
        actions.add("sign")
    if may_add_evidence(case, user) and not evidence_refused(case):
        actions.add("evidence")
    if not selectors.can_mediate(user, case):
        return actions
    if not extension_refused(case):
        actions.add("extend")
    # A batched case is heard in its batch's sessions (scheduled on the batch page).
    if not case.batch_id and not session_refused(case):
        actions.add("schedule")
    if not court_file_refused(case) and not case.court_file:
        actions.add("export")
    return actions
