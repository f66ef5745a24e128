from __future__ import annotations

import datetime as dt
import re
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from catalog.evidence.models import EvidenceEntry
from catalog.kernel.numbering import next_value
from catalog.models import OwnershipShare, Work
from catalog.registration import services
from catalog.registration.certificates import certificate_issue_first, certificate_reissue
from catalog.registration.models import Application, Certificate, NumberSequence, Status
from catalog.registration.numbers import add_working_days
from catalog.registration.selectors import overdue_applications
from catalog.services import ShareInput, work_set_shares
from i18n.languages import LANGUAGE_CODES
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.mfa import login_with_mfa

NUMBER = re.compile(r"^CRX-\d{4}-[ACFGIL]-\d{8}$")


@pytest.fixture
def applicant(db):
    user = make_user(roles=["rights_holder"], language="vi")
    party = make_party(country="VN", name="Nhà xuất bản Sao Mai", member=user)
    return user, party


@pytest.fixture
def examiner(db):
    return make_user(roles=["examiner"])


def _draft(applicant, *, seed=1, **work_overrides):
    user, party = applicant
    app = services.application_create(user=user, applicant=party, work=work_input(**work_overrides))
    services.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=seed), kind="image"
    )
    return app


def _to_examination(applicant, **kw):
    user, _ = applicant
    app = _draft(applicant, **kw)
    services.application_submit(application_id=app.pk, user=user)
    return services.application_screen(application_id=app.pk)


def test_happy_path_registers_with_number_certificate_and_evidence(
    applicant, examiner, client, django_capture_on_commit_callbacks, celery_eager
):
    user, _ = applicant
    app = _draft(applicant)
    assert app.status == Status.DRAFT
    before = EvidenceEntry.objects.count()
    app = services.application_submit(application_id=app.pk, user=user)
    assert app.status == Status.SUBMITTED and app.due_on is not None
    assert EvidenceEntry.objects.count() == before + 1  # the submitted file
    app = services.application_screen(application_id=app.pk)
    assert app.status == Status.IN_EXAMINATION
    assert "words" in app.screening and "similarity" in app.screening
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        app = services.application_register(application_id=app.pk, examiner=examiner)
    assert len(callbacks) >= 1  # the certificate task, enqueued after commit
    assert app.status == Status.REGISTERED and NUMBER.match(app.number), app.number
    cert = Certificate.objects.get(application=app)
    assert cert.version == 1 and cert.is_current and cert.language == "vi"
    assert cert.pdf.open("rb").read(4) == b"%PDF"
    assert EvidenceEntry.objects.filter(kind="certificate").count() == 1
    steps = list(app.transitions.values_list("from_status", "to_status"))
    assert steps == [
        ("draft", "submitted"),
        ("submitted", "screening"),
        ("screening", "in_examination"),
        ("in_examination", "registered"),
    ]
    page = client.get(f"/en/verify/{app.number}/")
    assert page.status_code == 200
    assert app.number in page.content.decode() and "Registered" in page.content.decode()


def test_screening_is_idempotent(applicant):
    app = _to_examination(applicant)
    again = services.application_screen(application_id=app.pk)
    assert again.status == Status.IN_EXAMINATION
    assert again.transitions.count() == 3


@pytest.mark.parametrize("action", ["register", "reject", "correction"])
def test_only_examiners_decide(applicant, action):
    user, _ = applicant
    app = _to_examination(applicant)
    call = {
        "register": lambda: services.application_register(application_id=app.pk, examiner=user),
        "reject": lambda: services.application_reject(
            application_id=app.pk, examiner=user, reason="x"
        ),
        "correction": lambda: services.application_request_correction(
            application_id=app.pk, examiner=user, message="x"
        ),
    }[action]
    with pytest.raises(PermissionDenied):
        call()
    assert Application.objects.get(pk=app.pk).status == Status.IN_EXAMINATION


def test_submit_without_files_is_refused(applicant):
    user, party = applicant
    app = services.application_create(user=user, applicant=party, work=work_input())
    with pytest.raises(ValidationError, match="attach at least one file"):
        services.application_submit(application_id=app.pk, user=user)
    assert Application.objects.get(pk=app.pk).status == Status.DRAFT


def test_the_same_file_cannot_be_filed_for_two_works(applicant):
    user, _ = applicant
    _to_examination(applicant, seed=7)
    second = _draft(applicant, seed=7)
    with pytest.raises(ValidationError, match="already filed for another work"):
        services.application_submit(application_id=second.pk, user=user)
    assert Application.objects.get(pk=second.pk).status == Status.DRAFT


def test_illegal_transitions_are_refused(applicant, examiner):
    user, _ = applicant
    app = _to_examination(applicant)
    services.application_register(application_id=app.pk, examiner=examiner)
    with pytest.raises(ValidationError):
        services.application_register(application_id=app.pk, examiner=examiner)
    with pytest.raises(ValidationError):
        services.application_withdraw(application_id=app.pk, user=user)
    with pytest.raises(ValidationError, match="reason"):
        services.application_reject(application_id=app.pk, examiner=examiner, reason=" ")


def test_correction_round_trip_keeps_first_deadline(applicant, examiner):
    user, _ = applicant
    app = _to_examination(applicant)
    due = app.due_on
    services.application_request_correction(
        application_id=app.pk, examiner=examiner, message="Please add the English title."
    )
    services.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=99, name="v2.png"), kind="image"
    )
    app = services.application_submit(application_id=app.pk, user=user)
    assert app.status == Status.SUBMITTED and app.due_on == due
    assert app.comments.filter(body__contains="English title").exists()


def test_withdraw_and_reject(applicant, examiner):
    user, _ = applicant
    first = _draft(applicant, seed=3)
    assert services.application_withdraw(application_id=first.pk, user=user).status == "withdrawn"
    second = _to_examination(applicant, seed=4)
    rejected = services.application_reject(
        application_id=second.pk, examiner=examiner, reason="Not original"
    )
    assert rejected.status == Status.REJECTED and rejected.number is None


def test_bad_identifier_creates_nothing(applicant):
    user, party = applicant
    works = Work.objects.count()
    with pytest.raises(ValidationError, match="ISBN"):
        services.application_create(
            user=user, applicant=party, work=work_input(identifiers=[("isbn", "978-0-306-40615-8")])
        )
    with pytest.raises(ValidationError, match="ISWC"):
        services.application_create(
            user=user,
            applicant=party,
            work=work_input(work_type="music", identifiers=[("iswc", "T-034.524.680-2")]),
        )
    assert Work.objects.count() == works
    assert not Application.objects.exists()


def test_shares_must_sum_to_100(applicant):
    user, party = applicant
    co_owner = make_party(country="CN", kind="person", category="creator")
    bad = [ShareInput(party, Decimal("60")), ShareInput(co_owner, Decimal("30"))]
    with pytest.raises(ValidationError, match="sum to 90"):
        services.application_create(user=user, applicant=party, work=work_input(shares=bad))
    good = [ShareInput(party, Decimal("60")), ShareInput(co_owner, Decimal("40"))]
    app = services.application_create(user=user, applicant=party, work=work_input(shares=good))
    assert sum(app.work.shares.values_list("percent", flat=True)) == 100
    with pytest.raises(ValidationError):
        work_set_shares(work=app.work, shares=[ShareInput(party, Decimal("99.99"))])


@pytest.mark.django_db(transaction=True)
def test_database_refuses_share_sums_other_than_100(applicant):
    user, party = applicant
    app = services.application_create(user=user, applicant=party, work=work_input())
    with pytest.raises(IntegrityError, match="sum to"), transaction.atomic():
        OwnershipShare.objects.filter(work=app.work).update(percent=Decimal("50"))


def test_held_application_needs_recorded_reason(applicant, examiner):
    app = _to_examination(applicant)
    Application.objects.filter(pk=app.pk).update(held=True, hold_reason="near-copy of mark X")
    with pytest.raises(ValidationError, match="held for examination"):
        services.application_register(application_id=app.pk, examiner=examiner)
    app = services.application_register(
        application_id=app.pk,
        examiner=examiner,
        override_hold_reason="Licensed from the mark owner",
    )
    assert app.hold_overridden_by == examiner
    assert app.transitions.last().note == "Licensed from the mark owner"


def test_certificate_reissue_supersedes(applicant, examiner):
    user, _ = applicant
    app = services.application_register(
        application_id=_to_examination(applicant).pk, examiner=examiner
    )
    certificate_issue_first(application_id=app.pk)
    assert certificate_issue_first(application_id=app.pk) is None  # idempotent
    second = certificate_reissue(
        application_id=app.pk, user=user, reason="address change", language="th"
    )
    certs = list(app.certificates.order_by("version"))
    assert [c.version for c in certs] == [1, 2]
    assert certs[0].superseded_at is not None and certs[1] == second and second.is_current


def test_number_sequence_rolls_back_with_its_transaction(db):
    with transaction.atomic():
        first = next_value(NumberSequence, 2031)
    try:
        with transaction.atomic():
            assert next_value(NumberSequence, 2031) == first + 1
            raise RuntimeError("registration failed after taking a number")
    except RuntimeError:
        pass
    assert next_value(NumberSequence, 2031) == first + 1


@pytest.mark.django_db(transaction=True)
def test_a_number_taken_outside_a_transaction_is_refused():
    # Autocommit would keep the bump even if what uses the number then failed: a gap.
    with pytest.raises(RuntimeError, match="inside the transaction"):
        next_value(NumberSequence, 2032)
    assert not NumberSequence.objects.filter(year=2032).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_gapless_unique_numbers(applicant, examiner):
    apps = [_to_examination(applicant, seed=100 + i).pk for i in range(8)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(apps))

    def register(pk: int) -> None:
        try:
            barrier.wait()
            services.application_register(application_id=pk, examiner=examiner)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(pk,)) for pk in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    numbers = sorted(
        int(n[-8:])
        for n in Application.objects.filter(pk__in=apps).values_list("number", flat=True)
    )
    assert numbers == list(range(numbers[0], numbers[0] + len(apps)))


def test_working_day_deadlines_and_overdue(applicant):
    # Friday 2026-09-25 + 5 working days skips the weekend and National Day week.
    assert add_working_days(dt.date(2026, 9, 25), 5) > dt.date(2026, 10, 7)
    assert add_working_days(dt.date(2026, 11, 23), 5) == dt.date(2026, 11, 30)
    app = _to_examination(applicant)
    Application.objects.filter(pk=app.pk).update(due_on=dt.date(2020, 1, 1))
    assert list(overdue_applications()) == [Application.objects.get(pk=app.pk)]


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_applicant_and_examiner_pages_in_every_language(
    client, applicant, examiner, code, home_page
):
    user, _ = applicant
    app = _to_examination(applicant)
    client.force_login(user)
    assert client.get(f"/{code}/registration/").status_code == 200
    assert client.get(f"/{code}/registration/new/").status_code == 200
    assert client.get(f"/{code}/registration/{app.pk}/").status_code == 200
    login_with_mfa(client, examiner)  # examiners need a second factor (catalog.kernel.mfa)
    assert client.get(f"/{code}/registration/examiner/?overdue=1").status_code == 200
    detail = client.get(f"/{code}/registration/{app.pk}/")
    assert detail.status_code == 200 and 'id="screening"' in detail.content.decode()


def test_applicant_cannot_open_examiner_queue_or_others_applications(client, applicant):
    app = _to_examination(applicant)
    stranger = make_user(roles=["rights_holder"])
    client.force_login(stranger)
    assert client.get(f"/en/registration/{app.pk}/").status_code == 404
    assert client.get("/en/registration/examiner/").status_code == 403


def test_register_through_the_browser_forms(client, applicant, examiner, home_page):
    user, party = applicant
    client.force_login(user)
    response = client.post(
        "/en/registration/new/",
        {
            "applicant": party.pk,
            "work_type": "fine_art",
            "original_title": "Hoa sen trong đầm",
            "original_language": "vi",
            "country_of_origin": "VN",
            "source_flag": "original",
            "identifier_scheme": "",
            "identifier_value": "",
            # The creators and co-owner formsets' management forms, with no rows.
            **{f"{p}-{n}_FORMS": "0" for p in ("creators", "shares") for n in ("TOTAL", "INITIAL")},
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    app = Application.objects.get(work__original_title="Hoa sen trong đầm")
    client.post(
        f"/en/registration/{app.pk}/upload/", {"kind": "image", "file": image_upload(seed=42)}
    )
    client.post(f"/en/registration/{app.pk}/submit/")
    services.application_screen(application_id=app.pk)
    login_with_mfa(client, examiner)
    client.post(f"/en/registration/{app.pk}/register/")
    app.refresh_from_db()
    certificate_issue_first(application_id=app.pk)
    assert app.status == Status.REGISTERED
    pdf = client.get(f"/en/registration/{app.pk}/certificate/1.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:4] == b"%PDF"
