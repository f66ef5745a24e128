"""Batch mediation: grouping rules, one session for all, per-case outcomes in one atomic step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from licensing.disputes.batches import CaseOutcome, batch_create, batch_record_outcomes
from licensing.disputes.cases import case_accept, case_assign_mediator
from licensing.disputes.models import Batch, CaseStatus, Settlement
from licensing.disputes.sessions import session_record_minutes, session_schedule
from licensing.disputes.settlements import SettlementInput, settlement_sign
from licensing.disputes.tasks import send_session_notice
from tests.factories.catalog import make_party, make_user
from tests.licensing.disputes.test_disputes import file_case, make_mediator

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    staff = make_user(roles=["staff"], is_staff=True)
    mediator = make_mediator()
    respondent = make_user(email="bigshop@example.com")
    make_party(member=respondent, country="TH")

    def running(claimant, *, respondent_user=respondent, respondent_email="x@example.com"):
        case = file_case(
            claimant_user=claimant,
            respondent_user=respondent_user,
            respondent_email=respondent_email,
        )
        case = case_accept(case=case, actor=staff)
        return case_assign_mediator(case=case, actor=staff, mediator=mediator)

    return staff, mediator, respondent, running


def _claimant(email: str = ""):
    user = make_user(email=email) if email else make_user()
    make_party(member=user)
    return user


def test_same_pair_batch_and_refusals(setup):
    _staff, mediator, _respondent, running = setup
    alice = _claimant()
    a1, a2 = running(alice), running(alice)
    bob_case = running(_claimant())
    with pytest.raises(ValidationError, match="different claimants"):
        batch_create(mediator=mediator, cases=[a1, bob_case], kind="same_pair")
    other_resp = running(alice, respondent_user=None, respondent_email="other@example.com")
    with pytest.raises(ValidationError, match="same respondent"):
        batch_create(mediator=mediator, cases=[a1, other_resp], kind="same_respondent")
    with pytest.raises(ValidationError, match="not assigned"):
        batch_create(mediator=make_mediator(), cases=[a1, a2])
    with pytest.raises(ValidationError, match="at least two"):
        batch_create(mediator=mediator, cases=[a1])
    batch = batch_create(mediator=mediator, cases=[a1, a2], kind="same_pair")
    assert set(batch.cases.values_list("pk", flat=True)) == {a1.pk, a2.pk}
    with pytest.raises(ValidationError, match="already in batch"):
        batch_create(mediator=mediator, cases=[a1, bob_case], kind="same_respondent")
    # Same respondent across claimants is its own kind of batch.
    other = batch_create(
        mediator=mediator, cases=[bob_case, running(_claimant())], kind="same_respondent"
    )
    assert other.kind == Batch.Kind.SAME_RESPONDENT


def test_unregistered_respondent_grouped_by_email(setup):
    _staff, mediator, _respondent, running = setup
    alice = _claimant()
    c1 = running(alice, respondent_user=None, respondent_email="Shop@Example.com")
    c2 = running(alice, respondent_user=None, respondent_email="shop@example.com")
    batch = batch_create(mediator=mediator, cases=[c1, c2])
    assert batch.respondent_key == "email:shop@example.com"


def test_one_session_for_the_batch_tells_every_party(setup, celery_eager):
    _staff, mediator, _respondent, running = setup
    c1 = running(_claimant("a@example.com"))
    c2 = running(_claimant("b@example.com"))
    batch = batch_create(mediator=mediator, cases=[c1, c2], kind="same_respondent")
    session = session_schedule(
        actor=mediator, batch=batch, starts_at=dt.datetime(2026, 12, 20, 3, 0, tzinfo=dt.UTC)
    )
    mail.outbox.clear()
    # Two claimants and the respondent's row in each case: four e-mails, each once.
    assert send_session_notice(session.pk, "scheduled") == 4
    assert send_session_notice(session.pk, "scheduled") == 0
    assert sorted({m.to[0] for m in mail.outbox}) == [
        "a@example.com",
        "b@example.com",
        "bigshop@example.com",
    ]
    session_record_minutes(session=session, actor=mediator, minutes="Joint hearing.")
    assert c1.events.filter(action="minutes").exists() and c2.events.filter(action="minutes")


def test_outcomes_recorded_in_one_step_each_settlement_separate(setup):
    _staff, mediator, respondent, running = setup
    alice = _claimant()
    cases = [running(alice) for _ in range(3)]
    batch = batch_create(mediator=mediator, cases=cases)
    settle = SettlementInput(amount=Decimal("800"), currency="CNY")
    outcomes = {
        cases[0].pk: CaseOutcome("settled", settlement=settle),
        cases[1].pk: CaseOutcome(
            "settled", settlement=SettlementInput(amount=Decimal("1200"), currency="CNY")
        ),
        cases[2].pk: CaseOutcome("failed", note="Respondent denies"),
    }
    done = batch_record_outcomes(batch=batch, actor=mediator, outcomes=outcomes)
    assert [c.status for c in done] == [CaseStatus.SETTLING, CaseStatus.SETTLING, CaseStatus.FAILED]
    amounts = sorted(Settlement.objects.filter(case__batch=batch).values_list("amount", flat=True))
    assert amounts == [Decimal("800"), Decimal("1200")]
    assert (
        Settlement.objects.filter(case__batch=batch).values("document_sha256").distinct().count()
        == 2
    )
    # Each settlement is signed on its own.
    first = Settlement.objects.get(case=cases[0])
    settlement_sign(settlement=first, user=alice)
    settlement_sign(settlement=first, user=respondent)
    statuses = dict(batch.cases.values_list("pk", "status"))
    assert statuses[cases[0].pk] == CaseStatus.SETTLED
    assert statuses[cases[1].pk] == CaseStatus.SETTLING


def test_outcomes_all_or_nothing(setup):
    _staff, mediator, _respondent, running = setup
    alice = _claimant()
    c1, c2 = running(alice), running(alice)
    batch = batch_create(mediator=mediator, cases=[c1, c2])
    with pytest.raises(ValidationError, match="no outcome"):
        batch_record_outcomes(batch=batch, actor=mediator, outcomes={c1.pk: CaseOutcome("failed")})
    with pytest.raises(ValidationError):  # the second outcome is invalid: the first is undone
        batch_record_outcomes(
            batch=batch,
            actor=mediator,
            outcomes={
                c1.pk: CaseOutcome("failed"),
                c2.pk: CaseOutcome("settled"),  # no settlement terms
            },
        )
    assert set(batch.cases.values_list("status", flat=True)) == {CaseStatus.MEDIATING}
    batch.refresh_from_db()
    assert batch.outcomes_recorded_at is None
