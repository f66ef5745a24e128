"""Who a case party is and who may act for it: invitations, confirmed agency, a settlement
only gives what its giving side holds, subjects and evidence the filer's or parties' own.

Each test names the finding of issue 16 it covers and fails on the code before the fix.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from catalog.evidence.services import evidence_deposit_bytes
from catalog.models import OwnershipShare, Work
from catalog.registration import services as registration
from catalog.services import ShareInput, work_create, work_transfer
from licensing.disputes import identity, selectors, tokens
from licensing.disputes.cases import PartyInput, case_accept, case_assign_mediator, case_file
from licensing.disputes.evidence import evidence_attach
from licensing.disputes.models import Agency, Case, CaseParty, CaseStatus, Invitation
from licensing.disputes.settlements import (
    LicenceInput,
    SettlementInput,
    settlement_propose,
    settlement_sign,
)
from licensing.models import Grant
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.contracts import Deal
from tests.licensing.disputes.test_disputes import file_case, join_case, make_mediator, make_work

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


@pytest.fixture
def staff():
    return make_user(roles=["staff"], is_staff=True)


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def _claimant() -> tuple[object, object]:
    user = make_user()
    return user, make_party(member=user)


def _to_mediation(case: Case, staff, mediator=None) -> Case:
    case = case_accept(case=case, actor=staff)
    return case_assign_mediator(case=case, actor=staff, mediator=mediator or make_mediator())


def _file_as_agent(agent_user, *, claimant_email: str = "studio@example.mm", work=None) -> Case:
    agent_party = make_party(member=agent_user, name="Law Office")
    work = work or make_work()
    return case_file(
        case_type="infringement",
        claimant=PartyInput(name="Golden Lotus Studio", email=claimant_email),
        agent=PartyInput(
            name=agent_party.name, party=agent_party, user=agent_user, email=agent_user.email
        ),
        respondent=PartyInput(name="Sunset Prints Shop", email="shop@example.com"),
        works=[work],
        summary="Unlicensed prints",
        filed_by=agent_user,
    )


def _token(case: Case, role: str) -> str:
    invitation = Invitation.objects.get(
        case_party__case=case, case_party__role=role, accepted_at__isnull=True
    )
    return tokens.invitation_token(invitation.pk)


# ---------------------------------------------------------------- finding: dispute identities


def test_an_account_with_the_respondents_email_is_not_linked_to_the_case():
    # Anyone can open an account with an address they saw in a complaint.
    squatter = make_user(email="shop@example.com")
    case = file_case(respondent_email="shop@example.com")
    row = case.parties.get(role="respondent")
    assert row.user_id is None
    assert not selectors.can_view_case(squatter, case)
    assert selectors.rows_signed_by(case, squatter) == []


def test_filing_cannot_name_someone_elses_account():
    claimant, party = _claimant()
    other = make_user()
    with pytest.raises(ValidationError) as err:
        case_file(
            case_type="infringement",
            claimant=PartyInput(name=party.name, party=party, user=claimant),
            respondent=PartyInput(name="Shop", email="shop@example.com", user=other),
            works=[make_work(party)],
            summary="Copies",
            filed_by=claimant,
        )
    assert "respondent_email" in err.value.message_dict
    assert not Case.objects.exists()


def test_filing_as_a_party_the_filer_does_not_act_for_is_refused():
    filer = make_user()
    someone_elses = make_party()
    with pytest.raises(ValidationError) as err:
        case_file(
            case_type="infringement",
            claimant=PartyInput(name="X", party=someone_elses, user=filer),
            respondent=PartyInput(name="Shop", email="shop@example.com"),
            works=[make_work(someone_elses)],
            summary="Copies",
            filed_by=filer,
        )
    assert "claimant" in err.value.message_dict


def test_respondent_joins_through_the_emailed_invitation_once(
    staff, celery_eager, django_capture_on_commit_callbacks
):
    respondent = make_user(email="owner@shop.example")
    case = file_case(respondent_email="owner@shop.example")
    assert not Invitation.objects.exists()  # a mere filing e-mails nobody
    with django_capture_on_commit_callbacks(execute=True):
        case_accept(case=case, actor=staff)
    message = next(m for m in mail.outbox if m.to == ["owner@shop.example"])
    assert case.number in message.subject
    token = re.search(r"/disputes/join/([^/\s]+)/", message.body).group(1)

    row = identity.invitation_accept(token=token, user=respondent)
    assert row.role == "respondent" and row.user == respondent
    assert selectors.can_view_case(respondent, case)
    assert [r.role for r in selectors.rows_signed_by(case, respondent)] == ["respondent"]
    assert case.events.filter(action="join", actor=respondent).exists()
    with pytest.raises(ValidationError, match="already been used"):
        identity.invitation_accept(token=token, user=make_user())


def test_expired_forged_and_replaced_invitations_are_refused(staff):
    case = file_case(respondent_email="owner@shop.example")
    row = case.parties.get(role="respondent")
    first = identity.invitation_send(case_party=row, actor=staff)
    fifteen_days_ago = time.time() - 15 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=fifteen_days_ago):
        stale = tokens.invitation_token(first.pk)
    with pytest.raises(ValidationError, match="expired"):
        identity.invitation_accept(token=stale, user=make_user())
    with pytest.raises(ValidationError, match="not valid"):
        identity.invitation_accept(token=f"{first.pk}:forged:signature", user=make_user())
    identity.invitation_send(case_party=row, actor=staff)  # a new link replaces the old
    with pytest.raises(ValidationError, match="replaced"):
        identity.invitation_accept(token=tokens.invitation_token(first.pk), user=make_user())
    row.refresh_from_db()
    assert row.user_id is None


def test_invitation_to_a_registered_party_needs_a_member(staff):
    shop_party = make_party(country="US", name="Pacific Prints")
    member = make_user()
    from catalog.services import party_add_member

    party_add_member(party=shop_party, user=member, role="member")
    case = file_case(respondent_email="info@pacific.example", respondent_party=shop_party)
    row = case.parties.get(role="respondent")
    invitation = identity.invitation_send(case_party=row, actor=staff)
    token = tokens.invitation_token(invitation.pk)
    with pytest.raises(ValidationError, match="Pacific Prints"):
        identity.invitation_accept(token=token, user=make_user())
    assert identity.invitation_accept(token=token, user=member).user == member


def test_only_the_centre_or_the_filer_sends_invitations(staff):
    case = file_case(respondent_email="owner@shop.example")
    row = case.parties.get(role="respondent")
    with pytest.raises(PermissionDenied):
        identity.invitation_send(case_party=row, actor=make_user())
    # Before the centre accepts the case, the filer cannot make it e-mail the respondent.
    with pytest.raises(PermissionDenied):
        identity.invitation_send(case_party=row, actor=case.filed_by)
    case_accept(case=case, actor=staff)
    assert identity.invitation_send(case_party=row, actor=case.filed_by).email == row.email


def test_self_declared_agent_cannot_sign_or_withdraw_until_the_claimant_confirms(staff):
    agent_user = make_user()
    case = _file_as_agent(agent_user)
    agency = Agency.objects.get(agent__case=case)
    assert agency.confirmed_at is None and agency.scope == Agency.Scope.SIGN
    # The claimant named by the agent is invited at once; the agent cannot take its place.
    with pytest.raises(ValidationError, match="already the Agent"):
        identity.invitation_accept(token=_token(case, "claimant"), user=agent_user)
    claimant = make_user()
    identity.invitation_accept(token=_token(case, "claimant"), user=claimant)

    case = _to_mediation(case, staff)
    respondent = make_user()
    join_case(case, CaseParty.Role.RESPONDENT, respondent)
    settlement = settlement_propose(
        case=case, actor=case.mediator, data=SettlementInput(terms_text="Takedown")
    )
    assert selectors.rows_signed_by(case, agent_user) == []
    assert not selectors.can_withdraw(agent_user, case)
    with pytest.raises(ValidationError, match="not a party"):
        settlement_sign(settlement=settlement, user=agent_user)
    with pytest.raises(PermissionDenied):
        identity.agency_confirm(agency=agency, user=agent_user)  # not its own principal

    identity.agency_confirm(agency=agency, user=claimant)
    assert [r.role for r in selectors.rows_signed_by(case, agent_user)] == ["claimant"]
    signature = settlement_sign(settlement=settlement, user=agent_user)
    assert signature.case_party.role == "claimant" and signature.signer == agent_user

    identity.agency_revoke(agency=agency, user=claimant)
    assert selectors.rows_signed_by(case, agent_user) == []
    assert case.events.filter(action__in=["agency_confirm", "agency_revoke"]).count() == 2


def test_conduct_only_agency_does_not_sign(staff):
    claimant, _party = _claimant()
    case = file_case(claimant_user=claimant)
    agency = identity.agent_appoint(
        case=case, user=claimant, name="Counsel", email="counsel@example.org", scope="conduct"
    )
    assert agency.confirmed_by == claimant  # the principal granted it itself
    counsel = make_user()
    identity.invitation_accept(token=_token(case, "agent"), user=counsel)
    assert [r.role for r in selectors.rows_acting_for(case, counsel)] == ["agent", "claimant"]
    assert selectors.rows_signed_by(case, counsel) == []
    with pytest.raises(PermissionDenied):
        identity.agent_appoint(case=case, user=make_user(), name="X", email="x@example.org")


def test_agent_withdrawal_over_http_waits_for_confirmation(client):
    agent_user = make_user()
    case = _file_as_agent(agent_user)
    client.force_login(agent_user)
    assert client.post(url("disputes:action", case.pk, "withdraw")).status_code == 403
    case.refresh_from_db()
    assert case.status == CaseStatus.FILED


def test_join_and_confirm_pages(client):
    agent_user = make_user()
    case = _file_as_agent(agent_user)
    token = _token(case, "claimant")
    claimant = make_user()
    client.force_login(claimant)
    page = client.get(url("disputes:join", token))
    assert page.status_code == 200 and case.number in page.content.decode()
    assert not selectors.can_view_case(claimant, case)  # reading the page joins nothing
    response = client.post(url("disputes:join", token))
    assert response.status_code == 302 and response.url == url("disputes:detail", case.pk)
    assert client.post(url("disputes:join", token)).status_code == 400  # used once

    parties = client.get(url("disputes:parties", case.pk)).content.decode()
    assert 'data-testid="confirm-agency"' in parties
    agency = Agency.objects.get(agent__case=case)
    stranger = make_user()
    client.force_login(stranger)
    assert client.get(url("disputes:parties", case.pk)).status_code == 404
    assert client.post(url("disputes:agency", agency.pk, "confirm")).status_code == 404
    client.force_login(agent_user)
    assert client.post(url("disputes:agency", agency.pk, "confirm")).status_code == 403
    client.force_login(claimant)
    client.post(url("disputes:agency", agency.pk, "confirm"))
    agency.refresh_from_db()
    assert agency.confirmed_by == claimant


# ---------------------------------------------------------------- finding: settlement effects


def _settling_pair(staff, *, work: Work) -> tuple[Case, object, object]:
    claimant, _party = _claimant()
    respondent = make_user()
    make_party(member=respondent, country="US")
    case = file_case(claimant_user=claimant, respondent_user=respondent, work=work)
    return _to_mediation(case, staff), claimant, respondent


def _licence(work: Work) -> LicenceInput:
    return LicenceInput(
        work=work,
        right_type="merchandising",
        territories=["US"],
        languages=["en"],
        start=dt.date(2027, 1, 1),
        end=dt.date(2027, 12, 31),
    )


def test_settlement_cannot_license_or_transfer_a_third_partys_work(staff):
    third_party_work = make_work(make_party(name="Someone Else Press"))
    case, _claimant_user, _respondent = _settling_pair(staff, work=third_party_work)
    with pytest.raises(ValidationError) as err:
        settlement_propose(
            case=case,
            actor=case.mediator,
            data=SettlementInput(licence=_licence(third_party_work)),
        )
    assert "does not hold" in err.value.message_dict["licence"][0]
    with pytest.raises(ValidationError) as err:
        settlement_propose(
            case=case,
            actor=case.mediator,
            data=SettlementInput(transfer_work=third_party_work, transfer_to="claimant"),
        )
    assert "does not hold" in err.value.message_dict["transfer"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.MEDIATING and not hasattr(case, "settlement")


def test_holder_is_checked_again_when_the_last_signature_applies_the_licence(staff):
    claimant, party = _claimant()
    work = make_work(party)
    respondent = make_user()
    make_party(member=respondent, country="US")
    case = _to_mediation(
        file_case(claimant_user=claimant, respondent_user=respondent, work=work), staff
    )
    settlement = settlement_propose(
        case=case, actor=case.mediator, data=SettlementInput(licence=_licence(work))
    )
    # Before the signatures, the claimant sells the work on.
    work_transfer(work=work, from_party=party, to_party=make_party(name="Buyer of the rights"))
    settlement_sign(settlement=settlement, user=claimant)
    with pytest.raises(ValidationError, match="does not hold"):
        settlement_sign(settlement=settlement, user=respondent)
    assert not Grant.objects.filter(source=Grant.Source.SETTLEMENT).exists()
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLING


def test_transfer_moves_only_the_giving_sides_shares_and_its_holder_seat(staff):
    respondent = make_user()
    resp_party = make_party(member=respondent)
    co_owner = make_party(name="Co-author")
    work = work_create(
        holder=resp_party,
        data=work_input(
            shares=[ShareInput(resp_party, Decimal(60)), ShareInput(co_owner, Decimal(40))]
        ),
    )
    claimant, claim_party = _claimant()
    case = _to_mediation(
        file_case(
            claimant_user=claimant, respondent_user=respondent, work=work, case_type="ownership"
        ),
        staff,
    )
    settlement = settlement_propose(
        case=case,
        actor=case.mediator,
        data=SettlementInput(transfer_work=work, transfer_to="claimant"),
    )
    settlement_sign(settlement=settlement, user=claimant)
    settlement_sign(settlement=settlement, user=respondent)
    shares = dict(OwnershipShare.objects.filter(work=work).values_list("party", "percent"))
    assert shares == {claim_party.pk: Decimal(60), co_owner.pk: Decimal(40)}
    work.refresh_from_db()
    assert work.holder == claim_party


# ---------------------------------------------------------------- finding: dispute subject


def test_a_stranger_cannot_file_about_someone_elses_contract_or_application():
    deal = Deal()
    contract = deal.draft()
    stranger, stranger_party = _claimant()
    for subject, case_type in (
        (contract, "contract"),
        (
            registration.application_create(
                user=deal.seller, applicant=deal.licensor, work=work_input()
            ),
            "registration",
        ),
    ):
        with pytest.raises(ValidationError) as err:
            case_file(
                case_type=case_type,
                claimant=PartyInput(name=stranger_party.name, party=stranger_party, user=stranger),
                respondent=PartyInput(name="Them", party=deal.licensor),
                summary="Not mine",
                subject=subject,
                filed_by=stranger,
            )
        assert "subject_ref" in err.value.message_dict
    assert not Case.objects.exists()


def test_subject_by_number_over_http_only_for_its_parties(client):
    deal = Deal()
    contract = deal.draft()
    stranger, _party = _claimant()
    form = {
        "case_type": "contract",
        "subject_ref": contract.number,
        "summary": "Advance not paid",
        "respondent_name": "Them",
        "respondent_email": "them@example.com",
        "respondent_language": "en",
        "respondent_time_zone": "Asia/Shanghai",
    }
    client.force_login(stranger)
    response = client.post(url("disputes:file"), form)
    assert response.status_code == 200 and not Case.objects.exists()
    assert "that you are a party to" in response.content.decode()
    client.force_login(deal.buyer)  # the licensee is a party to it
    response = client.post(url("disputes:file"), form)
    assert response.status_code == 302 and Case.objects.get().subject == contract


# ---------------------------------------------------------------- finding: mediator evidence


def test_mediator_attaches_only_entries_the_case_parties_own(staff):
    mediator = make_mediator()
    claimant, _party = _claimant()
    case = _to_mediation(file_case(claimant_user=claimant), staff, mediator)
    other_claimant, _other = _claimant()
    other = _to_mediation(file_case(claimant_user=other_claimant), staff, mediator)
    # The same mediator runs another case: its confidential evidence must not leak here.
    confidential = evidence_deposit_bytes(
        kind="dispute.evidence", subject=f"dispute:{other.number}", data=b"their accounts"
    )
    strangers_contract = Deal().draft()
    their_contract = evidence_deposit_bytes(
        kind="contract.document",
        subject=f"contract:{strangers_contract.number}/v1",
        data=b"someone else's contract",
    )
    for entry in (confidential, their_contract):
        assert selectors.attachable_entry(user=mediator, case=case, seq=entry.seq) is None
        with pytest.raises(ValidationError):
            evidence_attach(case=case, actor=mediator, entry=entry, description="x")
        assert selectors.attachable_entry(user=staff, case=case, seq=entry.seq) is None
    # What a party of this case owns, the mediator may attach.
    earlier_case = file_case(claimant_user=claimant)
    own = evidence_deposit_bytes(
        kind="dispute.evidence", subject=f"dispute:{earlier_case.number}", data=b"claimant's"
    )
    item = evidence_attach(case=case, actor=mediator, entry=own, description="Earlier")
    assert list(case.evidence.all()) == [item]
