"""The case page offers exactly the actions the services accept, in every status.

The page asks ``actions.case_actions`` (the case workflow's available actions and the
acts that move no status) which buttons to show; this test renders it for each status
and each kind of user and tries every action through its service (rolled back), so a
page can no longer offer what the service refuses (the old template showed "withdraw"
to a respondent the service refused) or hide what it allows.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from licensing.disputes.cases import (
    case_accept,
    case_assign_mediator,
    case_export_court_file,
    case_extend_deadline,
    case_fail,
    case_reject,
    case_withdraw,
)
from licensing.disputes.evidence import evidence_upload
from licensing.disputes.models import Case, CaseStatus
from licensing.disputes.sessions import session_schedule
from licensing.disputes.settlements import SettlementInput, settlement_propose, settlement_sign
from licensing.disputes.workflow import WORKFLOW
from tests.factories.catalog import make_user
from tests.licensing.disputes.test_disputes import file_case, make_mediator
from tests.mfa import login_with_mfa

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The page's action URL (views.CASE_ACTIONS) -> the workflow action it performs.
BUTTONS = {
    "accept": "accept",
    "reject": "reject",
    "assign": "assign",
    "settle": "settle_draft",
    "fail": "fail",
    "withdraw": "withdraw",
    "extend": "extend",
    "schedule": "schedule",
    "evidence": "evidence",
    "sign": "sign",
    "export": "export",
}


# The actions of the case workflow (the others move no status).
MOVES = ("accept", "reject", "assign", "settle_draft", "fail", "withdraw")


class _Rollback(Exception):
    pass


def _refuse() -> None:
    raise ValidationError("nothing to sign")


def _accepts(attempt, case: Case, user) -> bool:
    """Does the service take the action? Tried in a savepoint that is always undone."""
    try:
        with transaction.atomic():
            attempt(Case.objects.get(pk=case.pk), user)
            raise _Rollback
    except _Rollback:
        return True
    except (ValidationError, PermissionDenied):
        return False


def _shown(client, case: Case) -> set[str]:
    with translation.override("en"):
        page = client.get(reverse("disputes:detail", args=[case.pk]))
    if page.status_code == 404:  # a case the user may not see: no page, no button
        return set()
    assert page.status_code == 200
    found = re.findall(rf'action="/en/disputes/{case.pk}/([a-z_]+)/"', page.content.decode())
    return {BUTTONS[name] for name in found if name in BUTTONS}


@pytest.fixture
def world():
    staff = make_user(roles=["staff"], is_staff=True)
    mediator = make_mediator()
    other_mediator = make_mediator()
    claimant = make_user(roles=["rights_holder"])
    respondent = make_user()

    def filed() -> Case:
        return file_case(claimant_user=claimant, respondent_user=respondent)

    def accepted() -> Case:
        return case_accept(case=filed(), actor=staff)

    def mediating() -> Case:
        return case_assign_mediator(case=accepted(), actor=staff, mediator=mediator)

    def settling() -> Case:
        case = mediating()
        settlement_propose(case=case, actor=mediator, data=SettlementInput(terms_text="Takedown"))
        return Case.objects.get(pk=case.pk)

    def settled() -> Case:
        case = settling()
        settlement_sign(settlement=case.settlement, user=claimant)
        settlement_sign(settlement=case.settlement, user=respondent)
        return Case.objects.get(pk=case.pk)

    builders = {
        CaseStatus.FILED: filed,
        CaseStatus.ACCEPTED: accepted,
        CaseStatus.REJECTED: lambda: case_reject(case=filed(), actor=staff, reason="Out of scope"),
        CaseStatus.MEDIATING: mediating,
        CaseStatus.SETTLING: settling,
        CaseStatus.SETTLED: settled,
        CaseStatus.FAILED: lambda: case_fail(case=mediating(), actor=mediator, note="No deal"),
        CaseStatus.WITHDRAWN: lambda: case_withdraw(case=accepted(), actor=claimant),
    }
    attempts = {
        "accept": lambda case, user: case_accept(case=case, actor=user),
        "reject": lambda case, user: case_reject(case=case, actor=user, reason="Out of scope"),
        "assign": lambda case, user: case_assign_mediator(
            case=case, actor=user, mediator=other_mediator
        ),
        "settle_draft": lambda case, user: settlement_propose(
            case=case, actor=user, data=SettlementInput(terms_text="Takedown")
        ),
        "fail": lambda case, user: case_fail(case=case, actor=user, note="No deal"),
        "withdraw": lambda case, user: case_withdraw(case=case, actor=user),
        "extend": lambda case, user: case_extend_deadline(
            case=case, actor=user, reason="Expert report"
        ),
        "schedule": lambda case, user: session_schedule(
            actor=user, case=case, starts_at=dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)
        ),
        "evidence": lambda case, user: evidence_upload(
            case=case,
            actor=user,
            file=SimpleUploadedFile("listing.pdf", b"%PDF-1.4 copy of the listing"),
            description="Listing",
        ),
        "sign": lambda case, user: (
            settlement_sign(settlement=case.settlement, user=user)
            if hasattr(case, "settlement")
            else _refuse()
        ),
        "export": lambda case, user: case_export_court_file(case=case, actor=user),
    }
    users = {
        "staff": staff,
        "mediator": mediator,
        "claimant": claimant,
        "respondent": respondent,
    }
    return builders, attempts, users


@pytest.mark.parametrize("status", CaseStatus.values)
def test_buttons_shown_are_the_actions_the_services_accept(client, world, status):
    builders, attempts, users = world
    case = builders[status]()
    assert case.status == status
    for who, user in users.items():
        client.logout()
        login_with_mfa(client, user)
        shown = _shown(client, case)
        accepted = {name for name, attempt in attempts.items() if _accepts(attempt, case, user)}
        assert shown == accepted, (status, who)
        moves = accepted & set(MOVES)
        assert WORKFLOW.available_action_names(case, user) - {"settle"} == moves, (status, who)
    # Nobody settles by hand: the last signature does.
    assert all("settle" not in WORKFLOW.available_action_names(case, u) for u in users.values())
