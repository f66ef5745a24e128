"""Audit history (catalog.kernel.history): bank details, roles, membership, verification and
withholding rates each leave an event row with the old and new values and who changed them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pghistory
import pytest
from django.urls import reverse

from catalog.kernel.history import object_history
from catalog.models import Membership
from finance.models import PayeeProfile
from licensing.royalties.models import WithholdingRate
from tests.factories.catalog import make_party, make_user
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor():
    return make_user()


def last_change(obj):
    return object_history(obj)[-1]


def test_payee_bank_account_change_is_recorded(actor):
    profile = PayeeProfile.objects.create(
        party=make_party(), account_holder="Lan Pham", iban="DE89370400440532013000"
    )
    with pghistory.context(user=actor.pk, url="/test/payee"):
        profile.iban = "GB33BUKB20201555555555"
        profile.save()
    change = last_change(profile)
    assert change.label == "update"
    assert change.diff == {"iban": ("DE89370400440532013000", "GB33BUKB20201555555555")}
    assert (change.user_id, change.url) == (actor.pk, "/test/payee")
    # A save that touches no tracked field (updated_at only) writes no event.
    profile.save()
    assert len(object_history(profile)) == 2


def test_roles_and_staff_flags_are_recorded_but_not_logins(actor):
    user = make_user(roles=["buyer"])
    with pghistory.context(user=actor.pk):
        user.roles = ["buyer", "examiner"]
        user.is_staff = True
        user.save()
    change = last_change(user)
    assert change.diff == {"roles": (["buyer"], ["buyer", "examiner"]), "is_staff": (False, True)}
    assert change.user_id == actor.pk
    user.last_login = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    user.save()
    assert len(object_history(user)) == 2  # insert, the role change


def test_membership_join_role_change_and_removal_are_recorded(actor):
    party, user = make_party(), make_user()
    with pghistory.context(user=actor.pk):
        membership = Membership.objects.create(party=party, user=user)
        membership.role = Membership.Role.OWNER
        membership.save()
        membership_pk = membership.pk
        membership.delete()
    membership.pk = membership_pk
    history = object_history(membership)
    assert [c.label for c in history] == ["insert", "update", "delete"]
    assert history[1].diff == {"role": ("member", "owner")}
    assert history[2].values["user_id"] == user.pk and history[2].values["party_id"] == party.pk
    assert {c.user_id for c in history} == {actor.pk}


def test_party_verification_is_recorded(actor):
    party = make_party()
    with pghistory.context(user=actor.pk):
        party.is_verified = True
        party.save()
    change = last_change(party)
    assert change.diff == {"is_verified": (False, True)} and change.user_id == actor.pk
    party.description = "A new description"
    party.save()
    assert len(object_history(party)) == 2  # other fields are not the audit's concern


def test_withholding_rate_change_in_the_admin_records_the_staff_user(client):
    rate = WithholdingRate.objects.create(
        payer_country="VN",
        payee_country="CN",
        rate=Decimal("10"),
        source="DTA",
        valid_from=dt.date(2027, 1, 1),
    )
    staff = make_user(is_staff=True, is_superuser=True)
    login_with_mfa(client, staff)
    url = reverse("admin:royalties_withholdingrate_change", args=[rate.pk])
    response = client.post(
        url,
        {
            "payer_country": "VN",
            "payee_country": "CN",
            "rate": "0",
            "source": "DTA",
            "valid_from": "2027-01-01",
        },
    )
    assert response.status_code == 302
    change = last_change(rate)
    assert change.diff == {"rate": (10, 0)}
    assert (change.user_id, change.url) == (staff.pk, url)
    # Staff read the object's history in the admin; others cannot.
    events_url = reverse("admin:pghistory_middlewareevents_changelist")
    query = {"obj": f"royalties.withholdingrate:{rate.pk}", "method": "tracks"}
    page = client.get(events_url, query)
    assert page.status_code == 200 and "{&quot;rate&quot;: [10.0, 0.0]}" in page.text
    assert staff.username in page.text
    client.force_login(make_user())
    assert client.get(events_url, query).status_code == 302  # to the admin's login


def test_rows_from_before_tracking_get_a_baseline_so_the_first_change_shows_the_old_value():
    from django.apps import apps
    from django.db import connection

    from catalog.kernel.history import baseline_operation

    rate = WithholdingRate.objects.create(
        payer_country="TH",
        payee_country="CN",
        rate=Decimal("15"),
        source="DTA",
        valid_from=dt.date(2027, 1, 1),
    )
    rate.audit_events.all().delete()  # as if the row predates the migration
    with connection.schema_editor() as editor:
        baseline_operation("royalties", "WithholdingRate", "WithholdingRateEvent").code(
            apps, editor
        )
    rate.rate = Decimal("5")
    rate.save()
    assert [c.label for c in object_history(rate)] == ["baseline", "update"]
    assert last_change(rate).diff == {"rate": (15, 5)}
