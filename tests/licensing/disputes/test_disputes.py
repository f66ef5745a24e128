"""Dispute cases: filing, each transition and refusal, deadlines across time zones, effects."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.evidence.services import evidence_deposit_bytes
from catalog.kernel.status import work_has_flag
from catalog.models import OwnershipShare
from catalog.services import work_create
from finance.invoices.selectors import invoices_for_subject
from licensing.disputes import deadlines, identity, selectors, tokens
from licensing.disputes.cases import (
    PartyInput,
    case_accept,
    case_assign_mediator,
    case_export_court_file,
    case_extend_deadline,
    case_fail,
    case_file,
    case_reject,
    case_withdraw,
)
from licensing.disputes.evidence import evidence_attach, evidence_upload
from licensing.disputes.models import (
    Case,
    CaseEvent,
    CaseParty,
    CaseStatus,
    MediatorProfile,
    SessionReminder,
)
from licensing.disputes.sessions import session_record_minutes, session_schedule
from licensing.disputes.settlements import (
    Installment,
    LicenceInput,
    SettlementInput,
    settlement_propose,
    settlement_sign,
)
from licensing.models import Grant
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
YANGON = ZoneInfo("Asia/Yangon")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


# ---------------------------------------------------------------- factories (shared by the
# other test_disputes_* modules)


def make_work(holder=None):
    holder = holder or make_party()
    return work_create(holder=holder, data=work_input())


def make_mediator(*, language: str = "en", **profile) -> object:
    user = make_user(roles=["mediator"], language=language)
    if profile:
        MediatorProfile.objects.create(user=user, **profile)
    return user


def file_case(
    *,
    claimant_user=None,
    respondent_user=None,
    respondent_email: str = "shop@example.com",
    respondent_url: str = "",
    work=None,
    case_type: str = "infringement",
    at: dt.datetime | None = None,
    claimed: Decimal | None = Decimal("5000"),
    currency: str = "CNY",
    claimant_tz: str = "Asia/Yangon",
    respondent_tz: str = "America/Los_Angeles",
    respondent_party=None,
    respondent_country: str = "",
) -> Case:
    claimant_user = claimant_user or make_user(roles=["rights_holder"])
    claimant_party = claimant_user.memberships.first()
    claimant_party = (
        claimant_party.party if claimant_party else make_party(member=claimant_user, country="MM")
    )
    work = work or make_work(claimant_party)
    case = case_file(
        case_type=case_type,
        claimant=PartyInput(
            name=claimant_party.name,
            party=claimant_party,
            user=claimant_user,
            language="my",
            time_zone=claimant_tz,
        ),
        respondent=PartyInput(
            name="Sunset Prints Shop",
            email=respondent_email if respondent_user is None else respondent_user.email,
            url=respondent_url,
            party=respondent_party,
            country=respondent_country,
            language="en",
            time_zone=respondent_tz,
        ),
        works=[work],
        summary="Unlicensed prints of the cover art sold online",
        claimed_amount=claimed,
        currency=currency if claimed is not None else "",
        remedies=["takedown", "damages"],
        filed_by=claimant_user,
        at=at,
    )
    if respondent_user is not None:
        join_case(case, CaseParty.Role.RESPONDENT, respondent_user)
    return case


def join_case(case: Case, role: str, user) -> CaseParty:
    """``user`` joins ``case`` as ``role`` the only way there is: the centre e-mails the row
    an invitation and ``user`` accepts its link."""
    centre = make_user(roles=["staff"], is_staff=True)
    row = case.parties.get(role=role)
    invitation = identity.invitation_send(case_party=row, actor=centre)
    return identity.invitation_accept(token=tokens.invitation_token(invitation.pk), user=user)


@pytest.fixture
def staff():
    return make_user(roles=["staff"], is_staff=True)


@pytest.fixture
def mediator():
    return make_mediator(language="my")


def running_case(staff, mediator, **kwargs) -> Case:
    case = file_case(**kwargs)
    case = case_accept(case=case, actor=staff)
    return case_assign_mediator(case=case, actor=staff, mediator=mediator)


# ---------------------------------------------------------------- filing and numbers


def test_filing_numbers_gapless_per_year_and_records_parties():
    first = file_case(at=dt.datetime(2026, 12, 31, 15, 0, tzinfo=dt.UTC))  # 23:00 Shanghai
    second = file_case(at=dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC))  # 2027 in Shanghai
    third = file_case(at=dt.datetime(2026, 12, 31, 12, 0, tzinfo=dt.UTC))
    assert first.number == "DSP-2026-000001"
    assert second.number == "DSP-2027-000001"
    assert third.number == "DSP-2026-000002"
    roles = dict(first.parties.values_list("role", "name"))
    assert roles["respondent"] == "Sunset Prints Shop"
    assert CaseEvent.objects.filter(case=first, action="file", to_status="filed").exists()


def test_unregistered_respondent_needs_email_or_url():
    user = make_user()
    make_party(member=user)
    with pytest.raises(ValidationError) as err:
        file_case(claimant_user=user, respondent_email="")
    assert "respondent_email" in err.value.message_dict
    case = file_case(respondent_email="", respondent_url="https://shop.example.com/store/42")
    assert case.parties.get(role="respondent").url.endswith("/42")


def test_contract_dispute_must_name_a_contract():
    with pytest.raises(ValidationError) as err:
        file_case(case_type="contract")
    assert "subject" in err.value.message_dict


def test_filing_flags_work_disputed_and_publishes_status_change(django_capture_on_commit_callbacks):
    from catalog.events import WorkStatusChanged
    from catalog.kernel import events

    seen = []
    events.subscribe(WorkStatusChanged, lambda event: seen.append(event.work_id))
    work = make_work()
    with django_capture_on_commit_callbacks(execute=True):
        case = file_case(work=work)
    assert work_has_flag(work, "disputed")
    assert seen.count(work.pk) == 1
    # A second case on the same work does not change the flag: no event.
    with django_capture_on_commit_callbacks(execute=True):
        other = file_case(work=work)
    assert seen.count(work.pk) == 1
    staff = make_user(roles=["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        case_reject(case=case, actor=staff, reason="Out of scope")
    assert work_has_flag(work, "disputed") and seen.count(work.pk) == 1
    with django_capture_on_commit_callbacks(execute=True):
        case_withdraw(case=other, actor=staff, note="Agreed privately")
    assert not work_has_flag(work, "disputed")
    assert seen.count(work.pk) == 2


# ---------------------------------------------------------------- intake


def test_accept_then_accepting_twice_is_refused(staff):
    case = file_case()
    case_accept(case=case, actor=staff)
    with pytest.raises(ValidationError) as err:
        case_accept(case=case, actor=staff)
    assert "status" in err.value.message_dict
    assert CaseEvent.objects.filter(case=case, action="accept").count() == 1


def test_reject_needs_reason_and_closes(staff):
    case = file_case()
    with pytest.raises(ValidationError):
        case_reject(case=case, actor=staff, reason=" ")
    case = case_reject(case=case, actor=staff, reason="Not a copyright matter")
    assert case.status == CaseStatus.REJECTED and case.closed_at is not None
    with pytest.raises(ValidationError):
        case_accept(case=case, actor=staff)


def test_auto_assignment_prefers_type_then_language_then_load(staff):
    busy_my = make_mediator(language="my", languages=["my"], case_types=["infringement"])
    idle_my = make_mediator(language="my", languages=["my", "en"], case_types=["infringement"])
    make_mediator(language="my", languages=["my"], case_types=["royalty"])  # wrong type
    make_mediator(language="en", languages=["en"], case_types=[])  # wrong language, no load
    warm = case_accept(case=file_case(), actor=staff)
    case_assign_mediator(case=warm, actor=staff, mediator=busy_my)
    case = case_accept(case=file_case(), actor=staff)  # language "my"
    case = case_assign_mediator(case=case, actor=staff)
    assert case.mediator == idle_my and case.status == CaseStatus.MEDIATING


def test_manual_assignment_requires_a_mediator(staff):
    case = case_accept(case=file_case(), actor=staff)
    with pytest.raises(ValidationError):
        case_assign_mediator(case=case, actor=staff, mediator=make_user())


# ---------------------------------------------------------------- deadlines


def test_deadline_is_centre_end_of_day_across_time_zones(staff):
    # 23:30 in Los Angeles on 1 March is already 2 March in Shanghai (and in Yangon).
    accepted = dt.datetime(2026, 3, 1, 23, 30, tzinfo=LOS_ANGELES)
    case = case_accept(case=file_case(), actor=staff, at=accepted)
    assert case.deadline == dt.datetime(2026, 4, 1, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    # Each party reads the same instant on their own clock.
    assert case.deadline.astimezone(YANGON) == dt.datetime(
        2026, 4, 1, 22, 29, 59, 999999, tzinfo=YANGON
    )
    assert case.deadline.astimezone(LOS_ANGELES).date() == dt.date(2026, 4, 1)
    assert case.deadline.astimezone(LOS_ANGELES).hour == 8  # PDT, after the DST change
    # Accepted the same instant from Yangon's point of view: same deadline.
    same = case_accept(case=file_case(), actor=staff, at=accepted.astimezone(YANGON))
    assert same.deadline == case.deadline


def test_extension_once_with_reason_then_refused(staff, mediator):
    case = running_case(staff, mediator)
    before = case.deadline
    with pytest.raises(ValidationError):
        case_extend_deadline(case=case, actor=mediator, reason="")
    case = case_extend_deadline(case=case, actor=mediator, reason="Expert report", days=10)
    assert case.deadline == deadlines.end_of_day_after(before, 10)
    with pytest.raises(ValidationError) as err:
        case_extend_deadline(case=case, actor=mediator, reason="Again")
    assert "already extended" in str(err.value)


def test_overdue_list(staff, mediator):
    old = running_case(staff, mediator)
    case_accept  # noqa: B018 - keep linters calm about the fixture order
    Case.objects.filter(pk=old.pk).update(deadline=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    fresh = running_case(staff, mediator)
    overdue = list(selectors.overdue_cases())
    assert old in overdue and fresh not in overdue


# ---------------------------------------------------------------- sessions


def test_session_notices_in_each_party_language_and_time_zone(staff, mediator, celery_eager):
    respondent = make_user(email="buyer@example.com", language="en")
    case = running_case(staff, mediator, respondent_user=respondent)
    starts = dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)
    mail.outbox.clear()
    from django.test.utils import CaptureQueriesContext  # noqa: F401

    with pytest.raises(ValidationError):
        session_schedule(actor=mediator, case=case, starts_at=dt.datetime(2026, 12, 10))
    from django.db import connection, transaction

    with transaction.atomic():
        session_schedule(
            actor=mediator, case=case, starts_at=starts, video_link="https://meet.example.org/x"
        )
    # On-commit hooks do not run inside the test transaction: call the task as the worker would.
    from licensing.disputes.tasks import send_session_notice

    session = case.sessions.get()
    assert connection.in_atomic_block
    # One e-mail per side: the claimant at its account's address, the respondent at its own.
    assert send_session_notice(session.pk, "scheduled") == 2
    assert send_session_notice(session.pk, "scheduled") == 0  # idempotent
    body = mail.outbox[-1].body
    assert "buyer@example.com" in mail.outbox[-1].to
    assert "America/Los_Angeles" in body and "6:00" in body  # 02:00 UTC = 18:00 PST the day before
    assert SessionReminder.objects.filter(session=session).count() == 2


def test_session_notice_in_burmese_for_yangon_party(staff, mediator, celery_eager):
    claimant = make_user(email="ko@example.mm", language="my")
    make_party(member=claimant, country="MM")
    case = running_case(staff, mediator, claimant_user=claimant)
    session = session_schedule(
        actor=mediator, case=case, starts_at=dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC)
    )
    from licensing.disputes.notifications import local_start

    row = case.parties.get(role="claimant")
    text = local_start(session, row)
    assert "ဒီဇင်ဘာ" in text  # December, in Burmese (Babel/CLDR)
    assert "08:30" in text  # 02:00 UTC is 08:30 in Yangon


def test_minutes_recorded_once(staff, mediator):
    case = running_case(staff, mediator)
    session = session_schedule(
        actor=mediator, case=case, starts_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )
    session_record_minutes(session=session, actor=mediator, minutes="Both sides heard.")
    with pytest.raises(ValidationError):
        session_record_minutes(session=session, actor=mediator, minutes="Again")


# ---------------------------------------------------------------- evidence and visibility


def test_evidence_upload_is_hashed_and_only_visible_to_own_case(staff, mediator):
    claimant = make_user()
    make_party(member=claimant)
    case = running_case(staff, mediator, claimant_user=claimant)
    other_user = make_user()
    make_party(member=other_user)
    other = file_case(claimant_user=other_user)
    upload = SimpleUploadedFile("screenshot.png", b"png-bytes-of-a-shop-page")
    item = evidence_upload(case=case, actor=claimant, file=upload, description="Shop page")
    import hashlib

    assert item.entry.sha256 == hashlib.sha256(b"png-bytes-of-a-shop-page").hexdigest()
    entry = evidence_deposit_bytes(
        kind="test.doc", subject=f"dispute:{case.number}", data=b"earlier"
    )
    evidence_attach(case=case, actor=claimant, entry=entry, description="Earlier deposit")
    assert selectors.case_evidence(user=claimant, case=case).count() == 2
    assert selectors.case_evidence(user=other_user, case=case).count() == 0
    assert selectors.evidence_item_for(user=other_user, pk=item.pk) is None
    assert selectors.can_view_case(other_user, other)
    assert not selectors.can_view_case(other_user, case)


def test_mediator_sees_only_assigned_cases(staff, mediator):
    mine = running_case(staff, mediator)
    theirs = running_case(staff, make_mediator())
    assert selectors.can_view_case(mediator, mine)
    assert not selectors.can_view_case(mediator, theirs)
    assert selectors.can_mediate(mediator, mine) and not selectors.can_mediate(mediator, theirs)
    assert selectors.can_view_case(staff, theirs)


# ---------------------------------------------------------------- settlement


def test_settlement_signed_by_both_applies_licence_transfer_and_evidence(staff, mediator):
    respondent = make_user(email="resp@example.com")
    resp_party = make_party(member=respondent, country="US")
    claimant = make_user()
    claim_party = make_party(member=claimant, country="MM")
    work = make_work(claim_party)
    acquire_rights(work)  # the settlement licenses it: the claimant must hold the rights
    case = running_case(
        staff, mediator, claimant_user=claimant, respondent_user=respondent, work=work
    )
    data = SettlementInput(
        amount=Decimal("3000"),
        currency="USD",
        schedule=[
            Installment(dt.date(2026, 12, 15), Decimal("1000")),
            Installment(dt.date(2027, 1, 15), Decimal("2000")),
        ],
        licence=LicenceInput(
            work=work,
            right_type="merchandising",
            territories=["US"],
            languages=["en"],
            start=dt.date(2027, 1, 1),
            end=dt.date(2028, 12, 31),
        ),
    )
    with pytest.raises(ValidationError):  # schedule does not add up
        settlement_propose(
            case=case,
            actor=mediator,
            data=SettlementInput(
                amount=Decimal("3000"),
                currency="USD",
                schedule=[Installment(dt.date(2026, 12, 15), Decimal("1000"))],
            ),
        )
    settlement = settlement_propose(case=case, actor=mediator, data=data)
    assert settlement.document.read()[:4] == b"%PDF" and len(settlement.document_sha256) == 64
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLING
    with pytest.raises(ValidationError):
        settlement_sign(settlement=settlement, user=make_user())
    settlement_sign(settlement=settlement, user=claimant, ip_address="203.0.113.5")
    with pytest.raises(ValidationError):
        settlement_sign(settlement=settlement, user=claimant)
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLING
    sig = settlement_sign(settlement=settlement, user=respondent, ip_address="198.51.100.7")
    assert sig.evidence.metadata["document_sha256"] == settlement.document_sha256
    assert sig.evidence.metadata["ip_address"] == "198.51.100.7"
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLED and case.closed_at is not None
    grant = Grant.objects.get(source=Grant.Source.SETTLEMENT)
    assert grant.source_ref == case.number and grant.licensee == resp_party
    assert not work_has_flag(work, "disputed")
    invoices = list(invoices_for_subject(f"dispute:{case.number}"))
    assert [(i.amount_due, i.due_on, i.payer_id, i.payee_id) for i in invoices] == [
        (Decimal("1000"), dt.date(2026, 12, 15), resp_party.pk, claim_party.pk),
        (Decimal("2000"), dt.date(2027, 1, 15), resp_party.pk, claim_party.pk),
    ]


def test_settlement_transfer_moves_ownership_through_catalog(staff, mediator):
    claimant = make_user()
    claim_party = make_party(member=claimant)
    respondent = make_user(email="holder@example.com")
    resp_party = make_party(member=respondent)
    work = make_work(resp_party)  # the respondent registered the claimant's work
    case = running_case(
        staff,
        mediator,
        claimant_user=claimant,
        respondent_user=respondent,
        work=work,
        case_type="ownership",
    )
    settlement = settlement_propose(
        case=case,
        actor=mediator,
        data=SettlementInput(transfer_work=work, transfer_to="claimant"),
    )
    settlement_sign(settlement=settlement, user=claimant)
    settlement_sign(settlement=settlement, user=respondent)
    assert list(OwnershipShare.objects.filter(work=work).values_list("party", "percent")) == [
        (claim_party.pk, Decimal("100"))
    ]


def test_unregistered_respondent_needs_a_party_or_country_for_payments(staff, mediator):
    case = running_case(staff, mediator)
    with pytest.raises(ValidationError) as err:
        settlement_propose(
            case=case,
            actor=mediator,
            data=SettlementInput(amount=Decimal("10"), currency="USD"),
        )
    assert "respondent" in err.value.message_dict


def test_failed_case_exports_zip_with_index_of_hashes(staff, mediator):
    claimant = make_user()
    make_party(member=claimant)
    case = running_case(staff, mediator, claimant_user=claimant)
    evidence_upload(
        case=case,
        actor=claimant,
        file=SimpleUploadedFile("listing.pdf", b"%PDF-1.4 copy of the listing"),
        description="Listing",
    )
    session = session_schedule(
        actor=mediator, case=case, starts_at=dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    )
    session_record_minutes(session=session, actor=mediator, minutes="No agreement.")
    with pytest.raises(ValidationError):
        case_export_court_file(case=case, actor=mediator)
    case = case_fail(case=case, actor=mediator, note="Respondent refuses")
    case = case_export_court_file(case=case, actor=mediator)
    archive = zipfile.ZipFile(io.BytesIO(case.court_file.read()))
    names = archive.namelist()
    assert "index.pdf" in names and "case.json" in names
    assert any(n.startswith("evidence/") for n in names)
    assert any(n.startswith("minutes/") for n in names)
    assert archive.read("index.pdf")[:4] == b"%PDF"


def test_withdraw_from_filed(staff):
    case = case_withdraw(case=file_case(), actor=staff, note="Settled privately")
    assert case.status == CaseStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        case_withdraw(case=case, actor=staff)


def test_case_party_database_checks():
    from django.db import IntegrityError, transaction

    case = file_case()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseParty.objects.create(case=case, role="agent", name="Nobody", language="en")


def test_contract_dispute_links_contract_and_its_work():
    from tests.factories.contracts import Deal

    deal = Deal()
    contract = deal.draft()
    case = case_file(
        case_type="contract",
        claimant=PartyInput(
            name=deal.licensor.name, party=deal.licensor, user=deal.seller, language="zh-hans"
        ),
        respondent=PartyInput(name=deal.licensee.name, party=deal.licensee, language="vi"),
        summary="Advance not paid",
        subject=contract,
        filed_by=deal.seller,
    )
    assert case.subject == contract
    assert list(case.works.all()) == [deal.work]
    assert work_has_flag(deal.work, "disputed")
