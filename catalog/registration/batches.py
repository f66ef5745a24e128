"""Batch registration: many works filed at once, decided at once, each application on its own.

A batch holds what an applicant would otherwise type for every work (party, contact,
declaration). Creating it opens one application per work through the same rules as
``application_open`` and submits every application whose work has files (the others wait
as drafts for their files). An examiner's batch decision is a job: it registers, through
``services.application_register``, every application that passed screening — each gets its
own number, audit row and certificate — and leaves the held ones held, with the screening
reason (and the examiner's note) told to the applicant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.permissions import AnyUser, acts_for, is_examiner
from catalog.kernel.workflow import TransitionRefused
from catalog.models import CatalogueUpload, Party, Work
from catalog.registration import services
from catalog.registration.models import (
    OPEN_STATUSES,
    Application,
    Batch,
    BatchDecision,
    BatchOutcome,
    Comment,
    Status,
)
from catalog.registration.selectors import works_to_register

DECLARATION = gettext_lazy(
    "I declare that the applicant holds the copyright in the selected works as stated, "
    "that the information and files given are true and complete, and that I may act "
    "for the applicant."
)


@dataclass(frozen=True)
class BatchContact:
    name: str
    email: str
    phone: str = ""


@dataclass(frozen=True)
class BatchCreated:
    batch: Batch
    to_submit: int  # drafts with files, which the filing job submits
    waiting_for_files: int


def _work_ids(work_ids: Iterable[int]) -> list[int]:
    return sorted({int(pk) for pk in work_ids})


def _refuse_unfit_works(applicant: Party, ids: list[int]) -> list[Work]:
    works = list(Work.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    missing = sorted(set(ids) - {w.pk for w in works})
    if missing:
        raise ValidationError(
            {"works": _("no such works: %(ids)s") % {"ids": ", ".join(map(str, missing))}}
        )
    foreign = [w for w in works if w.holder_id != applicant.pk]
    if foreign:
        raise ValidationError(
            {
                "works": _("%(party)s does not hold: %(titles)s")
                % {"party": applicant, "titles": "; ".join(w.original_title for w in foreign)}
            }
        )
    taken = Work.objects.filter(
        pk__in=ids, applications__status__in=[*OPEN_STATUSES, Status.REGISTERED]
    ).distinct()
    if taken.exists():
        raise ValidationError(
            {
                "works": _("already applied for or registered: %(titles)s")
                % {"titles": "; ".join(w.original_title for w in taken.order_by("pk")[:20])}
            }
        )
    return works


@transaction.atomic
def batch_create(
    *,
    user: AnyUser,
    applicant: Party,
    contact: BatchContact,
    declared: bool,
    work_ids: Iterable[int] | None = None,
    upload: CatalogueUpload | None = None,
    fast_track: bool = False,
    enqueue: bool = True,
) -> BatchCreated:
    """One batch, one draft application per work, all of it or nothing; then the filing job
    submits those whose works have files (``enqueue=False``: the caller runs
    ``batch_file_run`` itself, as the command does).

    ``upload`` without ``work_ids``: every work that catalogue upload wrote and that has no
    open or granted registration ("register this upload"); with ``work_ids``: the batch
    records the upload it was chosen from."""
    if not acts_for(user, applicant.pk):
        raise PermissionDenied(_("you can only apply for a party you belong to"))
    if not declared:
        raise ValidationError({"declared": _("the declaration must be accepted")})
    if not contact.name.strip():
        raise ValidationError({"contact_name": _("name a contact for this batch")})
    if not contact.email.strip():
        raise ValidationError({"contact_email": _("give a contact e-mail for this batch")})
    if upload is not None and upload.party_id != applicant.pk:
        raise ValidationError(
            {"upload": _("this upload is not %(party)s's catalogue") % {"party": applicant}}
        )
    if work_ids is None and upload is not None:
        work_ids = works_to_register(party_ids={applicant.pk}, upload_id=upload.pk).values_list(
            "pk", flat=True
        )
    ids = _work_ids(work_ids or [])
    if not ids:
        raise ValidationError({"works": _("select at least one work")})
    works = _refuse_unfit_works(applicant, ids)
    batch = Batch(
        applicant=applicant,
        created_by=user,
        contact_name=contact.name.strip(),
        contact_email=contact.email.strip(),
        contact_phone=contact.phone.strip(),
        declaration=str(DECLARATION),
        declared_at=timezone.now(),
        fast_track=fast_track,
        upload=upload,
    )
    batch.full_clean()
    batch.save()
    with_files = set(
        Work.objects.filter(pk__in=ids, files__isnull=False).values_list("pk", flat=True)
    )
    Application.objects.bulk_create(
        Application(
            work=work, applicant=applicant, created_by=user, fast_track=fast_track, batch=batch
        )
        for work in works
    )
    batch.filing_total = len(with_files & set(ids))
    batch.save(update_fields=["filing_total"])
    if enqueue:
        transaction.on_commit(lambda: _enqueue_filing(batch.pk))
    return BatchCreated(
        batch=batch, to_submit=batch.filing_total, waiting_for_files=len(works) - batch.filing_total
    )


def _enqueue_filing(batch_id: int) -> None:
    # Imported here: tasks.py imports this module for the task body.
    from catalog.registration.tasks import file_batch

    file_batch.delay(batch_id)


def _submit_drafts(
    batch: Batch, *, user: AnyUser, progress: Callable[[], None] | None = None
) -> int:
    """Submit the batch's drafts whose works have files, each in its own transaction through
    ``application_submit`` (audit row, deadline, evidence, screening task); how many went.

    One that is refused (the same file already filed for another work…) stays a draft and
    its applicant is told why in a comment; the others go on."""
    drafts = (
        batch.applications.filter(status=Status.DRAFT, work__files__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    submitted = 0
    for app_id in list(drafts):
        try:
            services.application_submit(application_id=app_id, user=user)
        except (ValidationError, PermissionDenied) as exc:
            Comment.objects.create(
                application_id=app_id,
                author=user,
                body=_("Not submitted with the batch: %(reason)s")
                % {"reason": " ".join(getattr(exc, "messages", [str(exc)]))},
            )
        else:
            submitted += 1
        if progress:
            progress()
    return submitted


def batch_file_run(*, batch_id: int, progress: Callable[[int], None] | None = None) -> Batch:
    """The filing job: submit the batch's drafts with files, counting for the progress bar.

    Idempotent: a finished filing returns at once; a redelivered unfinished one finds only
    the drafts still left."""
    batch = Batch.objects.select_related("created_by").get(pk=batch_id)
    if batch.filing_finished_at is not None:
        return batch

    def tick() -> None:
        Batch.objects.filter(pk=batch.pk).update(filing_done=F("filing_done") + 1)
        if progress:
            progress(1)

    _submit_drafts(batch, user=batch.created_by, progress=tick)
    Batch.objects.filter(pk=batch.pk).update(filing_finished_at=timezone.now())
    batch.refresh_from_db()
    return batch


def batch_filing_fail(*, batch_id: int, error: str) -> None:
    """The filing job gave up: the batch page says so (drafts can be submitted again)."""
    Batch.objects.filter(pk=batch_id).update(
        filing_error=error[:2000], filing_finished_at=timezone.now()
    )


def batch_submit_ready(*, batch_id: int, user: AnyUser) -> int:
    """Submit the batch's drafts whose files are now attached; how many were submitted."""
    batch = Batch.objects.get(pk=batch_id)
    if not acts_for(user, batch.applicant_id):
        raise PermissionDenied(_("only members of the applicant party may do this"))
    return _submit_drafts(batch, user=user)


def batch_decide(
    *, batch_id: int, user: AnyUser, note: str = "", enqueue: bool = True
) -> BatchDecision:
    """Start the decision job: register what passed screening, hold the rest.

    ``enqueue=False``: the caller runs ``batch_decision_run`` itself (the command)."""
    if not is_examiner(user):
        raise PermissionDenied(_("only examiners may do this"))
    batch = Batch.objects.get(pk=batch_id)
    try:
        with transaction.atomic():
            decision = BatchDecision.objects.create(
                batch=batch,
                examiner=user,
                note=note.strip(),
                total=batch.applications.filter(status=Status.IN_EXAMINATION).count(),
            )
            if enqueue:
                transaction.on_commit(lambda: _enqueue_decision(decision.pk))
    except IntegrityError:
        raise TransitionRefused(
            {"batch": _("a decision on this batch is already running")}
        ) from None
    return decision


def _enqueue_decision(decision_id: int) -> None:
    # Imported here: tasks.py imports this module for the task body.
    from catalog.registration.tasks import run_batch_decision

    run_batch_decision.delay(decision_id)


def batch_decision_run(
    *, decision_id: int, progress: Callable[[int], None] | None = None
) -> BatchDecision:
    """Apply a decision application by application (idempotent: outcomes are written once).

    Each registration is its own transaction, as when an examiner registers one by one: a
    failure of one application is its outcome, not the end of the batch.
    """
    decision = BatchDecision.objects.select_related("batch", "examiner").get(pk=decision_id)
    if decision.state in (BatchDecision.State.DONE, BatchDecision.State.FAILED):
        return decision
    BatchDecision.objects.filter(pk=decision.pk).update(state=BatchDecision.State.RUNNING)
    decided = set(decision.outcomes.values_list("application_id", flat=True))
    pending = (
        decision.batch.applications.filter(status=Status.IN_EXAMINATION)
        .exclude(pk__in=decided)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for app_id in list(pending):
        kind, reason = _decide_one(decision, app_id)
        BatchOutcome.objects.create(
            decision=decision, application_id=app_id, kind=kind, reason=reason
        )
        BatchDecision.objects.filter(pk=decision.pk).update(done=F("done") + 1)
        if progress:
            progress(1)
    BatchDecision.objects.filter(pk=decision.pk).update(
        state=BatchDecision.State.DONE, finished_at=timezone.now()
    )
    decision.refresh_from_db()
    return decision


def _decide_one(decision: BatchDecision, app_id: int) -> tuple[str, str]:
    examiner = decision.examiner
    app = Application.objects.get(pk=app_id)
    if app.held:
        reason = app.hold_reason
        if decision.note:
            reason = f"{reason} — {decision.note}" if reason else decision.note
        _hold(app_id=app_id, examiner=examiner, reason=reason)
        return BatchOutcome.Kind.HELD, reason
    try:
        services.application_register(application_id=app_id, examiner=examiner)
    except (ValidationError, PermissionDenied) as exc:
        # Another examiner moved it meanwhile, or the examiner lost the role: not decided.
        return BatchOutcome.Kind.SKIPPED, " ".join(getattr(exc, "messages", [str(exc)]))
    return BatchOutcome.Kind.REGISTERED, ""


@transaction.atomic
def _hold(*, app_id: int, examiner: AnyUser, reason: str) -> None:
    """Held stays in examination (no status change): the applicant is told why."""
    app = Application.objects.select_for_update().get(pk=app_id)
    if app.examiner_id is None:
        app.examiner = examiner
        app.save(update_fields=["examiner"])
    Comment.objects.create(
        application=app,
        author=examiner,
        body=_("Held in the batch decision: %(reason)s") % {"reason": reason},
    )


def batch_decision_fail(*, decision_id: int, error: str) -> None:
    """The job gave up (the worker's last retry): the page says so and a new run may start."""
    BatchDecision.objects.filter(pk=decision_id).update(
        state=BatchDecision.State.FAILED, error=error[:2000], finished_at=timezone.now()
    )
