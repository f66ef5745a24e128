"""Organisation invitations and membership requests (catalog.membership) over HTTP."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from catalog.models import Membership, MembershipRequest, PartyInvitation
from tests.factories.catalog import make_party, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as the client, running the after-commit callbacks (the e-mails) at once."""

    def send(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return send


def _invite(post, party, email, role="admin"):
    url = reverse("marketplace:organisation_invite", args=[party.pk])
    return post(url, {"email": email, "role": role})


def _link_from_mail() -> str:
    found = re.search(r"https?://testserver(/\S+/accounts/invitations/\S+/)", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


@pytest.fixture
def owner_and_party(client):
    owner = make_user()
    party = make_party(name="Sao Mai Books", country="VN", member=owner)
    client.force_login(owner)
    return owner, party


def test_an_admin_invites_a_colleague_who_accepts_once_verified(client, post, owner_and_party):
    _owner, party = owner_and_party
    assert _invite(post, party, "Colleague@Example.VN").status_code == 302
    invitation = PartyInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("colleague@example.vn", "admin")
    assert mail.outbox[-1].to == ["colleague@example.vn"]
    link = _link_from_mail()

    colleague = make_user(email="colleague@example.vn", verified=False)
    client.force_login(colleague)
    assert "Sao Mai Books" in client.get(link).content.decode()
    refused = client.post(link)
    assert refused.status_code == 400 and "colleague@example.vn" in refused.content.decode()
    assert not Membership.objects.filter(user=colleague).exists()

    EmailAddress.objects.filter(user=colleague).update(verified=True)
    assert client.post(link).status_code == 302
    membership = Membership.objects.get(user=colleague)
    assert (membership.party, membership.role) == (party, "admin")
    invitation.refresh_from_db()
    assert invitation.status == "accepted" and invitation.accepted_by == colleague
    page = client.get(reverse("marketplace:organisations")).content.decode()
    assert "Sao Mai Books" in page and colleague.username in page

    again = client.post(link)
    assert again.status_code == 400 and "already been used" in again.content.decode()


def test_a_forwarded_link_does_not_work_for_another_address(client, post, owner_and_party):
    _owner, party = owner_and_party
    _invite(post, party, "colleague@example.vn")
    link = _link_from_mail()
    client.force_login(make_user(email="someone.else@example.vn"))
    response = client.post(link)
    assert response.status_code == 400
    assert "This invitation is for colleague@example.vn" in response.content.decode()
    assert PartyInvitation.objects.get().status == "pending"


def test_expired_forged_and_replaced_links_are_refused_clearly(
    client, post, owner_and_party, settings
):
    _owner, party = owner_and_party
    _invite(post, party, "colleague@example.vn")
    first = _link_from_mail()
    _invite(post, party, "colleague@example.vn", role="member")
    second = _link_from_mail()
    client.force_login(make_user(email="colleague@example.vn"))

    replaced = client.post(first)
    assert replaced.status_code == 400 and "replaced by a newer one" in replaced.content.decode()
    forged = client.get(second[:-3] + "xx/")
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    settings.PARTY_INVITATION_MAX_AGE = -1
    expired = client.post(second)
    assert expired.status_code == 400 and "has expired" in expired.content.decode()
    assert Membership.objects.filter(party=party).count() == 1  # the owner only


def test_only_the_partys_managers_invite(client, post, owner_and_party):
    _owner, party = owner_and_party
    other_admin = make_user()
    make_party(name="Other House", member=other_admin)
    client.force_login(other_admin)
    assert _invite(post, party, "x@example.vn").status_code == 403
    plain_member = make_user()
    Membership.objects.create(party=party, user=plain_member, role="member")
    client.force_login(plain_member)
    assert _invite(post, party, "x@example.vn").status_code == 403
    assert not PartyInvitation.objects.exists() and not mail.outbox


def test_owner_role_cannot_be_given_by_invitation(client, post, owner_and_party):
    _owner, party = owner_and_party
    response = _invite(post, party, "x@example.vn", role="owner")
    assert response.status_code == 302 and not PartyInvitation.objects.exists()


def test_a_user_asks_to_join_and_the_partys_admin_approves(client, post, owner_and_party):
    owner, party = owner_and_party
    applicant = make_user()
    client.force_login(applicant)
    found = client.get(reverse("marketplace:organisation_join"), {"q": "Sao Mai"})
    assert "Sao Mai Books" in found.content.decode()
    join = reverse("marketplace:organisation_join")
    post(join, {"party": party.pk, "message": "I run the Hanoi office"})
    request = MembershipRequest.objects.get()
    assert request.status == "pending" and mail.outbox[-1].to == [owner.email]
    client.post(join, {"party": party.pk})
    assert MembershipRequest.objects.count() == 1  # one pending request at a time

    # Another party's admin can neither see nor decide it.
    stranger = make_user()
    make_party(name="Other House", member=stranger)
    client.force_login(stranger)
    assert "Hanoi office" not in client.get(reverse("marketplace:organisations")).content.decode()
    decide = reverse("marketplace:membership_request_decide", args=[request.pk, "approve"])
    assert client.post(decide).status_code == 403
    assert not Membership.objects.filter(user=applicant).exists()

    client.force_login(owner)
    assert "Hanoi office" in client.get(reverse("marketplace:organisations")).content.decode()
    assert client.post(decide).status_code == 302
    membership = Membership.objects.get(user=applicant)
    assert (membership.party, membership.role) == (party, "member")
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == owner
    reject = reverse("marketplace:membership_request_decide", args=[request.pk, "reject"])
    response = client.post(reject, follow=True)
    assert "already been decided" in response.content.decode()


def test_rejected_requests_change_nothing_and_unverified_users_cannot_ask(client, owner_and_party):
    owner, party = owner_and_party
    applicant = make_user()
    client.force_login(applicant)
    client.post(reverse("marketplace:organisation_join"), {"party": party.pk})
    request = MembershipRequest.objects.get()
    client.force_login(owner)
    client.post(reverse("marketplace:membership_request_decide", args=[request.pk, "reject"]))
    request.refresh_from_db()
    assert request.status == "rejected"
    assert not Membership.objects.filter(user=applicant).exists()

    unverified = make_user(verified=False)
    client.force_login(unverified)
    response = client.post(
        reverse("marketplace:organisation_join"), {"party": party.pk}, follow=True
    )
    assert "Verify your e-mail address" in response.content.decode()
    assert not MembershipRequest.objects.filter(user=unverified).exists()
