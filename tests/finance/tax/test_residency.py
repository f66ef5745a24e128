"""Tax residency services: who may submit and decide, bad input changes nothing, the audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.models import Membership
from catalog.services import party_add_member
from finance.tax.models import ResidencyStatus, TaxResidency, TaxResidencyEvent
from finance.tax.services import (
    ResidencyInput,
    residency_accept,
    residency_correct,
    residency_reject,
    residency_submit,
)
from tests.factories.catalog import make_party, make_user
from tests.factories.tax import residency_pdf, submit_residency, tax_staff

pytestmark = pytest.mark.django_db

GOOD = ResidencyInput(
    country="cn",
    valid_from=dt.date(2027, 1, 1),
    valid_to=dt.date(2027, 12, 31),
    treaty_claim=True,
    treaty_article="CN-TH agreement, art. 12",
    claimed_rate=D("10"),
)


@pytest.fixture
def owner():
    return make_user()


@pytest.fixture
def party(owner):
    return make_party(member=owner)


def test_an_owner_submits_and_staff_accept(party, owner):
    residency = residency_submit(user=owner, party=party, data=GOOD, certificate=residency_pdf())
    assert (residency.status, residency.country, residency.certificate_name) == (
        ResidencyStatus.SUBMITTED,
        "CN",
        "residence.pdf",
    )
    staff = tax_staff()
    residency = residency_accept(user=staff, residency_id=residency.pk)
    assert residency.status == ResidencyStatus.ACCEPTED and residency.reviewed_by == staff
    steps = list(residency.transitions.values_list("action", "from_status", "to_status"))
    assert steps == [("submit", "", "submitted"), ("accept", "submitted", "accepted")]
    assert TaxResidencyEvent.objects.filter(pgh_obj=residency).count() >= 2  # insert + update


def test_a_plain_member_or_a_stranger_may_not_submit(party):
    member = make_user()
    party_add_member(party=party, user=member, role=Membership.Role.MEMBER)
    for user in (member, make_user()):
        with pytest.raises(PermissionDenied):
            residency_submit(user=user, party=party, data=GOOD, certificate=residency_pdf())
    assert not TaxResidency.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"valid_to": dt.date(2026, 12, 31)}, "valid_to"),
        ({"treaty_article": " "}, "treaty_article"),
        ({"claimed_rate": D("120")}, "claimed_rate"),
    ],
)
def test_bad_input_is_refused_by_field_and_stores_nothing(party, owner, changes, field):
    data = ResidencyInput(**{**GOOD.__dict__, **changes})
    with pytest.raises(ValidationError) as exc:
        residency_submit(user=owner, party=party, data=data, certificate=residency_pdf())
    assert field in exc.value.message_dict
    assert not TaxResidency.objects.exists()


def test_the_certificate_must_be_a_pdf_or_an_image(party, owner):
    page = SimpleUploadedFile("residence.html", b"<html><script>x</script></html>", "text/html")
    with pytest.raises(ValidationError):
        residency_submit(user=owner, party=party, data=GOOD, certificate=page)
    with pytest.raises(ValidationError) as exc:
        residency_submit(user=owner, party=party, data=GOOD, certificate=None)
    assert "certificate" in exc.value.message_dict
    assert not TaxResidency.objects.exists()


def test_only_staff_decide_and_a_rejection_says_why(party, owner):
    residency = submit_residency(party, owner)
    with pytest.raises(PermissionDenied):
        residency_accept(user=owner, residency_id=residency.pk)
    with pytest.raises(ValidationError) as exc:
        residency_reject(user=tax_staff(), residency_id=residency.pk, reason="  ")
    assert "reason" in exc.value.message_dict
    residency = residency_reject(user=tax_staff(), residency_id=residency.pk, reason="Unsigned")
    assert (residency.status, residency.reason) == (ResidencyStatus.REJECTED, "Unsigned")


def test_an_overlapping_acceptance_is_refused_with_the_other_residency_named(party, owner):
    staff = tax_staff()
    first = submit_residency(party, owner)
    residency_accept(user=staff, residency_id=first.pk)
    second = submit_residency(party, owner, country="TH", valid_from=dt.date(2027, 6, 1))
    with pytest.raises(ValidationError) as exc:
        residency_accept(user=staff, residency_id=second.pk)
    assert "already has an accepted residency in CN" in str(exc.value)
    second.refresh_from_db()
    assert second.status == ResidencyStatus.SUBMITTED
    assert list(second.transitions.values_list("action", flat=True)) == ["submit"]


def test_a_rejected_claim_is_corrected_back_into_the_queue_an_accepted_one_is_not(party, owner):
    staff = tax_staff()
    residency = submit_residency(party, owner, treaty=False)
    residency_reject(user=staff, residency_id=residency.pk, reason="Wrong year")
    residency = residency_correct(user=owner, residency_id=residency.pk, data=GOOD)
    assert (residency.status, residency.reason, residency.treaty_claim) == (
        ResidencyStatus.SUBMITTED,
        "",
        True,
    )
    residency_accept(user=staff, residency_id=residency.pk)
    with pytest.raises(ValidationError):
        residency_correct(user=owner, residency_id=residency.pk, data=GOOD)
