"""The registration workflow: the moves an application makes and who may make them.

draft → submitted → screening → in_examination → registered
                                       ↘ needs_correction → submitted
                                       ↘ rejected
(any open state) → withdrawn

Screening is the platform's own step (a task after submission); examiners decide; the
applicant's members submit and withdraw. Services apply these actions; the detail page
asks ``WORKFLOW.available_action_names`` which forms to show.
"""

from __future__ import annotations

from catalog.kernel.permissions import is_examiner, may_act_for
from catalog.kernel.workflow import Workflow, action, platform_only
from catalog.registration.models import OPEN_STATUSES, Application, Status, Transition


def is_applicant(app: Application, user: object) -> bool:
    """Members of the applicant party (a superuser may stand in for any applicant)."""
    return may_act_for(user, app.applicant_id)


def examines(app: Application, user: object) -> bool:
    return is_examiner(user)


S = Status
WORKFLOW = Workflow(
    name="registration",
    actions=[
        action("submit", [S.DRAFT, S.NEEDS_CORRECTION], S.SUBMITTED, is_applicant),
        action("screen", [S.SUBMITTED], S.SCREENING, platform_only),
        action("examine", [S.SCREENING], S.IN_EXAMINATION, platform_only),
        action("request_correction", [S.IN_EXAMINATION], S.NEEDS_CORRECTION, examines),
        action("reject", [S.IN_EXAMINATION], S.REJECTED, examines),
        action("register", [S.IN_EXAMINATION], S.REGISTERED, examines),
        action("withdraw", [S.DRAFT, *OPEN_STATUSES], S.WITHDRAWN, is_applicant),
    ],
    audit_model=Transition,
    audit_fk="application",
)


def accepts_files(app: Application) -> bool:
    """Files are added to what will be submitted next: a draft or a correction."""
    return app.status in WORKFLOW.action("submit").sources


def certifiable(app: Application) -> bool:
    """Certificates are issued, and reissued, for registered works only."""
    return app.status == Status.REGISTERED


def assignable(app: Application) -> bool:
    """An examiner takes an application on while it is open (not a status change)."""
    return app.status in OPEN_STATUSES
