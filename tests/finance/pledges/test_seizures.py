"""Court seizures block listing, licensing and pledging at once; shown on verify; court releases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.evidence.models import EvidenceEntry
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.status import work_has_flag, work_status_flags
from catalog.registration.models import Application
from finance.pledges import services
from marketplace.listings import services as listings
from tests.factories.catalog import make_user
from tests.factories.pledges import Holder, make_bank, make_court, make_pledge

pytestmark = pytest.mark.django_db
CASE = "(2026)京0491民初1234号"


@pytest.fixture
def setup():
    holder = Holder()
    work = holder.work()
    court_user, court = make_court()
    return holder, work, court_user, court


def _seize(user, court, work, **extra):
    return services.seizure_record(
        user=user,
        court=court,
        case_number=CASE,
        works=[work],
        starts_on=dt.date.today() - dt.timedelta(days=1),
        document=SimpleUploadedFile(
            "order.pdf", b"%PDF-1.4 ruling", content_type="application/pdf"
        ),
        **extra,
    )


def test_seizure_blocks_listing_licensing_pledging_and_shows_on_verify(setup, client):
    holder, work, court_user, court = setup
    listing = listings.listing_create(
        work=work,
        user=holder.user,
        data=listings.ListingInput(
            right_types=["translation"],
            territories=["VN"],
            languages=["vi"],
            currency="USD",
            headlines={"en": "Rights"},
        ),
    )
    seizure = _seize(court_user, court, work)
    assert EvidenceEntry.objects.filter(seq=seizure.evidence_seq).exists()
    with pytest.raises(ValidationError) as exc:
        listings.listing_publish(listing=listing, user=holder.user)
    assert CASE in str(exc.value) and court.name in str(exc.value)
    for action in ("license", "license_exclusive", "pledge", "transfer"):
        with pytest.raises(ValidationError):
            ensure_allowed(work, action)
    bank = make_bank()
    with pytest.raises(ValidationError) as exc:
        make_pledge(holder, bank, works=[work])
    assert CASE in str(exc.value)
    flag = next(f for f in work_status_flags(work) if f.code == "seized")
    assert CASE in flag.detail and flag.severity == "danger"
    number = Application.objects.get(work=work).number
    page = client.get(f"/en/verify/{number}/").content.decode()
    assert "Seized by court order" in page and CASE in page


def test_only_the_court_records_and_releases(setup):
    holder, work, court_user, court = setup
    with pytest.raises(PermissionDenied):
        _seize(holder.user, court, work)
    seizure = _seize(court_user, court, work)
    _, other_court = make_court(name="Shanghai IP Court")
    other_user = other_court.memberships.get().user
    with pytest.raises(PermissionDenied):
        services.seizure_release(seizure_id=seizure.pk, user=other_user)
    services.seizure_release(seizure_id=seizure.pk, user=court_user, note="lifted")
    assert not work_has_flag(work, "seized")
    ensure_allowed(work, "license_exclusive")
    staff = make_user(is_staff=True)
    second = services.seizure_record(
        user=staff, court=court, case_number=CASE + "-2", works=[work], starts_on=dt.date.today()
    )
    assert work_has_flag(work, "seized") and second.recorded_by == staff


def test_seizure_scoped_to_rights_lets_other_rights_be_licensed(setup):
    _holder, work, court_user, court = setup
    _seize(court_user, court, work, right_types=["adaptation"])

    class _Contract:  # the guard reads only the contract's right types
        def get_terms(self):
            from tests.factories.contracts import make_terms

            return make_terms()

    ensure_allowed(work, "license", contract=_Contract())  # a translation licence
    with pytest.raises(ValidationError):
        ensure_allowed(work, "list")  # a listing is not scoped: refused


def test_seizure_of_a_pledged_work_shows_both(setup):
    holder, work, court_user, court = setup
    make_pledge(holder, make_bank(), works=[work], amount=str(Decimal("1000.00")))
    _seize(court_user, court, work)
    codes = {f.code for f in work_status_flags(work)}
    assert {"pledged", "seized", "registered"} <= codes
