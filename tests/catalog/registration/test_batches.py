"""Batch registration: filing many works at once, the examiner's batch queue and decision."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from catalog.models import CatalogueUpload, CatalogueUploadRecord, Work
from catalog.registration import services
from catalog.registration.batches import (
    BatchContact,
    batch_create,
    batch_decide,
    batch_decision_run,
    batch_file_run,
)
from catalog.registration.certificates import certificate_issue_first
from catalog.registration.models import Application, Batch, BatchOutcome, Certificate, Status
from tests.factories.catalog import image_upload, make_imported_work, make_party, make_user
from tests.mfa import login_with_mfa

NUMBER = re.compile(r"^CRX-\d{4}-[ACFGIL]-\d{8}$")
CONTACT = BatchContact(name="Rights desk", email="rights@saomai.example", phone="+84 24 1234")


@pytest.fixture
def publisher(db):
    user = make_user(roles=["rights_holder"], language="vi")
    party = make_party(country="VN", name="Nhà xuất bản Sao Mai", member=user)
    return user, party


@pytest.fixture
def examiner(db):
    return make_user(roles=["examiner"])


def _imported_work(party, *, files: bool = True, **overrides) -> Work:
    return make_imported_work(holder=party, files=files, **overrides)


def _file(publisher, works, **kw) -> Batch:
    """File and run the filing job (enqueued after commit, which a test never reaches)."""
    user, party = publisher
    batch = batch_create(
        user=user,
        applicant=party,
        work_ids=[w.pk for w in works],
        contact=CONTACT,
        declared=True,
        **kw,
    ).batch
    return batch_file_run(batch_id=batch.pk)


def _screen_all(batch: Batch) -> None:
    # The screening task runs after commit; a test's transaction never commits.
    for app_id in batch.applications.filter(status=Status.SUBMITTED).values_list("pk", flat=True):
        services.application_screen(application_id=app_id)


# --- filing ---------------------------------------------------------------------------


def test_a_batch_files_one_application_per_work_with_shared_applicant_data(
    publisher, django_capture_on_commit_callbacks
):
    user, party = publisher
    ready = [_imported_work(party) for _ in range(2)]
    no_files = _imported_work(party, files=False)
    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        created = batch_create(
            user=user,
            applicant=party,
            work_ids=[w.pk for w in [*ready, no_files]],
            contact=CONTACT,
            declared=True,
            fast_track=True,
        )
    assert (created.to_submit, created.waiting_for_files) == (2, 1)
    assert len(enqueued) == 1  # the filing job, after commit
    batch = created.batch
    assert set(batch.applications.values_list("status", flat=True)) == {Status.DRAFT}
    batch = batch_file_run(batch_id=batch.pk)
    assert (batch.filing_done, batch.filing_progress) == (2, 100)
    assert batch.filing_finished_at is not None
    assert (batch.contact_name, batch.contact_email) == ("Rights desk", "rights@saomai.example")
    assert batch.declaration.startswith("I declare") and batch.declared_at is not None
    apps = list(batch.applications.order_by("work_id"))
    assert [a.work_id for a in apps] == sorted(w.pk for w in [*ready, no_files])
    assert {a.applicant_id for a in apps} == {party.pk} and all(a.fast_track for a in apps)
    by_work = {a.work_id: a for a in apps}
    assert by_work[no_files.pk].status == Status.DRAFT
    for work in ready:
        app = by_work[work.pk]
        assert app.status == Status.SUBMITTED and app.due_on is not None
        # Each application keeps its own audit trail.
        assert list(app.transitions.values_list("from_status", "to_status")) == [
            ("draft", "submitted")
        ]


def test_batch_filing_is_all_or_nothing(publisher):
    user, party = publisher
    mine = _imported_work(party)
    other = _imported_work(make_party(country="TH"))
    taken = _imported_work(party)
    services.application_open(user=user, work=taken)
    services.application_submit(application_id=Application.objects.get(work=taken).pk, user=user)
    for ids, message in [
        ([mine.pk, other.pk], "does not hold"),
        ([mine.pk, taken.pk], "already applied for or registered"),
        ([mine.pk, 99_999_999], "no such works"),
        ([], "select at least one work"),
    ]:
        with pytest.raises(ValidationError, match=message):
            batch_create(user=user, applicant=party, work_ids=ids, contact=CONTACT, declared=True)
    with pytest.raises(ValidationError, match="declaration"):
        batch_create(
            user=user, applicant=party, work_ids=[mine.pk], contact=CONTACT, declared=False
        )
    stranger = make_user(roles=["rights_holder"])
    with pytest.raises(PermissionDenied):
        batch_create(
            user=stranger, applicant=party, work_ids=[mine.pk], contact=CONTACT, declared=True
        )
    assert not Batch.objects.exists()
    assert not Application.objects.filter(work=mine).exists()


def test_drafts_waiting_for_files_are_submitted_later_in_one_go(publisher):
    user, party = publisher
    work = _imported_work(party, files=False)
    batch = _file(publisher, [work])
    app = batch.applications.get()
    services.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=4242), kind="image"
    )
    from catalog.registration.batches import batch_submit_ready

    assert batch_submit_ready(batch_id=batch.pk, user=user) == 1
    app.refresh_from_db()
    assert app.status == Status.SUBMITTED


# --- examiner decision ----------------------------------------------------------------


def test_batch_decision_registers_passing_and_holds_the_rest_each_with_its_own_records(
    publisher, examiner, django_capture_on_commit_callbacks
):
    _, party = publisher
    clear = [_imported_work(party) for _ in range(3)]
    flagged = _imported_work(party, original_title="高仿名牌手袋图录")
    batch = _file(publisher, [*clear, flagged])
    _screen_all(batch)
    # As screening leaves a blocked word (the word list itself is tested in catalog.screening).
    held_app = batch.applications.get(work=flagged)
    Application.objects.filter(pk=held_app.pk).update(
        held=True, hold_reason="sensitive words: 高仿"
    )

    with django_capture_on_commit_callbacks(execute=False) as enqueued:
        decision = batch_decide(batch_id=batch.pk, user=examiner, note="Send a licence letter")
    assert decision.total == 4 and len(enqueued) == 1  # one job, after commit
    decision = batch_decision_run(decision_id=decision.pk)
    assert decision.state == "done" and decision.done == 4 and decision.progress == 100

    registered = list(batch.applications.filter(status=Status.REGISTERED).order_by("pk"))
    assert sorted(a.work_id for a in registered) == sorted(w.pk for w in clear)
    numbers = [a.number for a in registered]
    assert len(set(numbers)) == 3 and all(NUMBER.match(n) for n in numbers)
    for app in registered:
        assert (
            app.transitions.filter(
                from_status="in_examination", to_status="registered", actor=examiner
            ).count()
            == 1
        )
        certificate_issue_first(application_id=app.pk)  # the task enqueued after its commit
        assert Certificate.objects.get(application=app).version == 1

    held_app.refresh_from_db()
    assert held_app.status == Status.IN_EXAMINATION and held_app.number is None
    assert not held_app.transitions.filter(to_status="registered").exists()
    note = held_app.comments.get()
    assert "高仿" in note.body and "Send a licence letter" in note.body and not note.internal
    outcomes = {o.application_id: o for o in decision.outcomes.all()}
    assert outcomes[held_app.pk].kind == BatchOutcome.Kind.HELD
    assert "高仿" in outcomes[held_app.pk].reason
    assert [o.kind for o in outcomes.values()].count(BatchOutcome.Kind.REGISTERED) == 3


def test_batch_decision_rerun_is_idempotent_and_unscreened_ones_wait(publisher, examiner):
    _, party = publisher
    works = [_imported_work(party) for _ in range(2)]
    batch = _file(publisher, works)
    first = batch.applications.order_by("pk").first()
    services.application_screen(application_id=first.pk)  # the other is still submitted
    decision = batch_decide(batch_id=batch.pk, user=examiner)
    assert decision.total == 1
    batch_decision_run(decision_id=decision.pk)
    # A redelivered task: nothing twice.
    decision.state = "running"
    decision.save(update_fields=["state"])
    batch_decision_run(decision_id=decision.pk)
    assert decision.outcomes.count() == 1
    assert batch.applications.filter(status=Status.REGISTERED).count() == 1
    assert batch.applications.filter(status=Status.SUBMITTED).count() == 1


def test_only_examiners_decide_and_one_decision_runs_at_a_time(publisher, examiner):
    user, party = publisher
    batch = _file(publisher, [_imported_work(party)])
    with pytest.raises(PermissionDenied):
        batch_decide(batch_id=batch.pk, user=user)
    batch_decide(batch_id=batch.pk, user=examiner)
    with pytest.raises(ValidationError, match="already running"):
        batch_decide(batch_id=batch.pk, user=make_user(roles=["examiner"]))


# --- pages ----------------------------------------------------------------------------


def test_publisher_files_a_batch_from_the_works_page_with_select_all(client, publisher):
    user, party = publisher
    novels = [_imported_work(party, original_title=f"Tiểu thuyết {i}") for i in range(3)]
    _imported_work(party, original_title="Thơ chọn lọc")
    client.force_login(user)
    page = client.get("/en/registration/batches/new/", {"party": party.pk, "q": "Tiểu thuyết"})
    assert page.status_code == 200 and page.context["matching"] == 3
    response = client.post(
        f"/en/registration/batches/new/?party={party.pk}&q=Ti%E1%BB%83u+thuy%E1%BA%BFt",
        {
            "applicant": party.pk,
            "contact_name": "Rights desk",
            "contact_email": "rights@saomai.example",
            "all_matching": "on",
            "declared": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = Batch.objects.get()
    assert sorted(batch.applications.values_list("work_id", flat=True)) == sorted(
        w.pk for w in novels
    )
    assert client.get(f"/en/registration/batches/{batch.pk}/").status_code == 200
    assert client.get("/en/registration/batches/").status_code == 200


def test_ticked_works_only_and_declaration_required(client, publisher):
    user, party = publisher
    a, b = _imported_work(party), _imported_work(party)
    client.force_login(user)
    data = {"applicant": party.pk, "contact_name": "Desk", "contact_email": "d@x.example"}
    refused = client.post("/en/registration/batches/new/", {**data, "works": [a.pk]})
    assert refused.status_code == 200 and "declared" in refused.context["form"].errors
    ok = client.post("/en/registration/batches/new/", {**data, "works": [a.pk], "declared": "on"})
    assert ok.status_code == 302
    assert list(Batch.objects.get().applications.values_list("work_id", flat=True)) == [a.pk]
    assert not Application.objects.filter(work=b).exists()


def test_batch_pages_are_the_publishers_and_the_examiners(client, publisher, examiner):
    _, party = publisher
    batch = _file(publisher, [_imported_work(party), _imported_work(party)])
    _screen_all(batch)
    stranger = make_user(roles=["rights_holder"])
    make_party(member=stranger)
    client.force_login(stranger)
    assert client.get(f"/en/registration/batches/{batch.pk}/").status_code == 404
    assert client.post(f"/en/registration/batches/{batch.pk}/decide/").status_code == 404
    client.force_login(publisher[0])
    assert client.post(f"/en/registration/batches/{batch.pk}/decide/").status_code == 403
    login_with_mfa(client, make_user(is_staff=True))
    assert client.get(f"/en/registration/batches/{batch.pk}/").status_code == 200

    login_with_mfa(client, examiner)
    queue = client.get("/en/registration/examiner/")
    row = queue.context["batches"][0]
    assert row.pk == batch.pk and (row.n_total, row.n_in_examination, row.n_clear) == (2, 2, 2)
    assert f'data-testid="batch-{batch.pk}"' in queue.content.decode()
    response = client.post(f"/en/registration/batches/{batch.pk}/decide/", {"note": ""})
    decision = batch.decisions.get()
    assert response.status_code == 302 and response.url.endswith(
        f"/registration/batches/{batch.pk}/decisions/{decision.pk}/"
    )
    status = client.get(
        f"/en/registration/batches/{batch.pk}/decisions/{decision.pk}/status.json"
    ).json()
    assert status["state"] == "queued" and status["total"] == 2 and status["done"] == 0
    batch_decision_run(decision_id=decision.pk)
    status = client.get(
        f"/en/registration/batches/{batch.pk}/decisions/{decision.pk}/status.json"
    ).json()
    assert (status["progress"], status["registered"], status["done_all"]) == (100, 2, True)
    page = client.get(f"/en/registration/batches/{batch.pk}/decisions/{decision.pk}/")
    assert page.status_code == 200 and page.context["counts"]["registered"] == 2


def test_register_batch_command_files_and_decides(publisher, examiner):
    user, party = publisher
    works = [_imported_work(party) for _ in range(3)]
    out = call_command_output(
        "register_batch",
        "--user",
        user.email,
        "--party",
        str(party.pk),
        "--all-unregistered",
        "--contact-name",
        "Rights desk",
        "--contact-email",
        "rights@saomai.example",
        "--declare",
        "--no-progress",
    )
    batch = Batch.objects.get()
    assert out.strip() == f"batch {batch.pk}: 3 applications, 3 submitted, 0 left as drafts"
    assert sorted(batch.applications.values_list("work_id", flat=True)) == [w.pk for w in works]
    _screen_all(batch)
    out = call_command_output(
        "register_batch", "--user", examiner.email, "--decide", str(batch.pk), "--no-progress"
    )
    assert out.strip() == f"batch {batch.pk}: 3 registered, 0 held, 0 not decided"
    assert batch.applications.filter(status=Status.REGISTERED).count() == 3


def test_register_batch_command_refuses_without_the_declaration(publisher):
    from django.core.management.base import CommandError

    user, party = publisher
    work = _imported_work(party)
    with pytest.raises(CommandError, match="declaration"):
        call_command_output(
            "register_batch",
            "--user",
            user.email,
            "--party",
            str(party.pk),
            "--works",
            str(work.pk),
            "--contact-name",
            "Desk",
            "--no-progress",
        )
    assert not Batch.objects.exists()


def call_command_output(*args: str) -> str:
    import io

    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- a whole catalogue upload ---------------------------------------------------------


def _upload_of(party, works, *, refused_title: str = "") -> CatalogueUpload:
    """A finished catalogue upload whose records wrote ``works`` (and one refused record)."""
    upload = CatalogueUpload.objects.create(
        party=party,
        file=f"catalogue/{party.pk}/feed.xml",
        file_name="feed.xml",
        sha256="0" * 64,
        format=CatalogueUpload.Format.ONIX,
        mode=CatalogueUpload.Mode.QUARANTINE,
        status=CatalogueUpload.Status.IMPORTED,
    )
    for position, work in enumerate(works, start=1):
        CatalogueUploadRecord.objects.create(
            upload=upload, position=position, outcome="created", work=work
        )
    CatalogueUploadRecord.objects.create(
        upload=upload, position=len(works) + 1, outcome="refused", title=refused_title
    )
    return upload


def test_register_a_whole_upload_skips_what_is_already_applied_for(publisher):
    user, party = publisher
    works = [_imported_work(party) for _ in range(3)]
    outside = _imported_work(party)  # in the catalogue, not in this upload
    services.application_submit(
        application_id=services.application_open(user=user, work=works[0]).pk, user=user
    )
    upload = _upload_of(party, works, refused_title="Refused")
    created = batch_create(
        user=user, applicant=party, upload=upload, contact=CONTACT, declared=True
    )
    assert created.batch.upload == upload
    assert sorted(created.batch.applications.values_list("work_id", flat=True)) == sorted(
        w.pk for w in works[1:]
    )
    assert not Application.objects.filter(work=outside).exists()
    other = make_party(country="VN", member=user)
    with pytest.raises(ValidationError, match=r"not .*catalogue"):
        batch_create(user=user, applicant=other, upload=upload, contact=CONTACT, declared=True)


def test_register_this_upload_page_and_command(client, publisher):
    user, party = publisher
    works = [_imported_work(party) for _ in range(2)]
    _imported_work(party)  # another work of the party, not in the upload
    upload = _upload_of(party, works)
    client.force_login(user)
    page = client.get(f"/en/registration/batches/new/?upload={upload.pk}")
    assert page.status_code == 200 and page.context["matching"] == 2
    assert 'data-testid="upload"' in page.content.decode()
    stranger = make_user(roles=["rights_holder"])
    make_party(member=stranger)
    client.force_login(stranger)  # another party's upload filters nothing in
    assert client.get(f"/en/registration/batches/new/?upload={upload.pk}").context["upload"] is None

    out = call_command_output(
        "register_batch",
        "--user",
        user.email,
        "--party",
        str(party.pk),
        "--upload",
        str(upload.pk),
        "--contact-name",
        "Rights desk",
        "--contact-email",
        "rights@saomai.example",
        "--declare",
        "--no-progress",
    )
    batch = Batch.objects.get()
    assert out.strip() == f"batch {batch.pk}: 2 applications, 2 submitted, 0 left as drafts"
    assert batch.upload == upload


def test_filing_screening_and_decision_run_as_celery_tasks_after_commit(
    publisher, examiner, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    works = [_imported_work(party) for _ in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        created = batch_create(
            user=user,
            applicant=party,
            work_ids=[w.pk for w in works],
            contact=CONTACT,
            declared=True,
        )
    batch = created.batch
    batch.refresh_from_db()
    # Filed by its job, then each application screened by its own task.
    assert batch.filing_done == 2 and batch.filing_finished_at is not None
    assert set(batch.applications.values_list("status", flat=True)) == {Status.IN_EXAMINATION}
    with django_capture_on_commit_callbacks(execute=True):
        decision = batch_decide(batch_id=batch.pk, user=examiner)
    decision.refresh_from_db()
    assert (decision.state, decision.done, decision.total) == ("done", 2, 2)
    assert batch.applications.filter(status=Status.REGISTERED).count() == 2
    # Each registration enqueued its own certificate after its commit.
    assert Certificate.objects.filter(application__batch=batch).count() == 2


def test_a_failing_decision_job_ends_failed_not_running(publisher, examiner, monkeypatch):
    from catalog.registration import batches, tasks

    _, party = publisher
    batch = _file(publisher, [_imported_work(party)])
    _screen_all(batch)
    decision = batch_decide(batch_id=batch.pk, user=examiner, enqueue=False)

    def broken(**kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(batches.services, "application_register", broken)
    with pytest.raises(OSError):
        tasks.run_batch_decision(decision.pk)
    decision.refresh_from_db()
    assert decision.state == "failed" and "disk full" in decision.error
    # A failed decision does not block the next one.
    assert batch_decide(batch_id=batch.pk, user=examiner, enqueue=False).state == "queued"


def test_a_refused_submission_stays_a_draft_with_its_reason_and_the_rest_go_on(publisher):
    _, party = publisher
    first, second = _imported_work(party), _imported_work(party)
    # The second work carries the first's file: filed twice, the second is refused.
    twin = second.files.get()
    twin.sha256 = first.files.get().sha256
    twin.save(update_fields=["sha256"])
    batch = _file(publisher, [first, second])
    by_work = {a.work_id: a for a in batch.applications.all()}
    assert by_work[first.pk].status == Status.SUBMITTED
    refused = by_work[second.pk]
    assert refused.status == Status.DRAFT
    assert "already filed for another work" in refused.comments.get().body
    assert batch.filing_done == 2 and batch.filing_finished_at is not None
    batch_file_run(batch_id=batch.pk)  # a redelivered job: the filing is finished
    assert refused.comments.count() == 1


def test_batch_status_json_follows_the_filing(client, publisher):
    user, party = publisher
    created = batch_create(
        user=user,
        applicant=party,
        work_ids=[_imported_work(party).pk],
        contact=CONTACT,
        declared=True,
    )
    client.force_login(user)
    url = f"/en/registration/batches/{created.batch.pk}/status.json"
    assert client.get(url).json() == {
        "status_label": "Running",
        "progress": 0,
        "total": 1,
        "done": 0,
        "error": "",
        "done_all": False,
    }
    batch_file_run(batch_id=created.batch.pk)
    answer = client.get(url).json()
    assert (answer["done_all"], answer["status_label"]) == (True, "Done")
