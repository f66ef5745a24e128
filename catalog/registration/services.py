"""Registration workflow: one service function per transition, each audited.

draft → submitted → screening → in_examination → registered
                                       ↘ needs_correction → submitted
                                       ↘ rejected
(any open state) → withdrawn
"""

from __future__ import annotations

import hashlib
import zoneinfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from catalog.events import WorkRegistered
from catalog.kernel import events
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import acts_for
from catalog.kernel.uploads import validate_upload
from catalog.models import Party, Work, WorkFile
from catalog.registration.models import (
    OPEN_STATUSES,
    Application,
    Comment,
    NumberSequence,
    Status,
    Transition,
)
from catalog.registration.numbers import format_number, sla_due_on
from catalog.services import WorkInput, work_create

ALLOWED: dict[str, set[str]] = {
    Status.DRAFT: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.SUBMITTED: {Status.SCREENING, Status.WITHDRAWN},
    Status.SCREENING: {Status.IN_EXAMINATION, Status.WITHDRAWN},
    Status.IN_EXAMINATION: {
        Status.NEEDS_CORRECTION,
        Status.REGISTERED,
        Status.REJECTED,
        Status.WITHDRAWN,
    },
    Status.NEEDS_CORRECTION: {Status.SUBMITTED, Status.WITHDRAWN},
    Status.REGISTERED: set(),
    Status.REJECTED: set(),
    Status.WITHDRAWN: set(),
}

EXAMINER_ROLE = "examiner"


class TransitionError(ValidationError):
    """A transition the workflow does not allow from the current state."""


def _locked(application_id: int) -> Application:
    return Application.objects.select_for_update().select_related("work").get(pk=application_id)


def _set_status(app: Application, to: str, *, actor: object | None, note: str = "") -> None:
    if to not in ALLOWED[app.status]:
        raise TransitionError(
            {"status": f"application {app.pk} cannot go from “{app.status}” to “{to}”"}
        )
    Transition.objects.create(
        application=app, from_status=app.status, to_status=to, actor=actor, note=note
    )
    app.status = to


def is_examiner(user: object) -> bool:
    return getattr(user, "is_superuser", False) or EXAMINER_ROLE in getattr(user, "roles", [])


def _require_examiner(user: object) -> None:
    if not is_examiner(user):
        raise PermissionDenied("only examiners may do this")


def _require_applicant(app: Application, user: object) -> None:
    if getattr(user, "is_superuser", False):
        return
    if not acts_for(user, app.applicant_id):
        raise PermissionDenied("only members of the applicant party may do this")


@transaction.atomic
def application_create(
    *, user: object, applicant: Party, work: WorkInput, fast_track: bool = False
) -> Application:
    if not acts_for(user, applicant.pk):
        raise PermissionDenied("you can only apply for a party you belong to")
    new_work = work_create(holder=applicant, data=work)
    return Application.objects.create(
        work=new_work, applicant=applicant, created_by=user, fast_track=fast_track
    )


@transaction.atomic
def application_open(*, user: object, work: Work, fast_track: bool = False) -> Application:
    """Apply to register a work already in the catalog (e.g. imported from ONIX)."""
    if not acts_for(user, work.holder_id):
        raise PermissionDenied("only the holder's members can apply for its works")
    if work.applications.filter(status__in=[*OPEN_STATUSES, Status.REGISTERED]).exists():
        raise ValidationError({"work": "this work already has an open or granted registration"})
    return Application.objects.create(
        work=work, applicant=work.holder, created_by=user, fast_track=fast_track
    )


@transaction.atomic
def application_attach_file(
    *, application_id: int, user: object, upload: UploadedFile, kind: str
) -> WorkFile:
    app = _locked(application_id)
    _require_applicant(app, user)
    if app.status not in (Status.DRAFT, Status.NEEDS_CORRECTION):
        raise TransitionError({"file": "files can only be added to a draft or a correction"})
    validate_upload(kind=f"work_{kind}", file=upload, field="file")
    digest = _sha256_of(upload)
    if app.work.files.filter(sha256=digest).exists():
        raise ValidationError({"file": f"“{upload.name}” is already attached to this work"})
    work_file = WorkFile(
        work=app.work, kind=kind, original_name=upload.name[:255], sha256=digest, size=upload.size
    )
    work_file.file.save(upload.name, upload, save=False)
    work_file.save()
    return work_file


def _sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _duplicate_files(app: Application) -> list[str]:
    """Files of this work already filed in another live or registered application."""
    hashes = list(app.work.files.values_list("sha256", flat=True))
    clashes = (
        WorkFile.objects.filter(sha256__in=hashes)
        .exclude(work=app.work)
        .filter(work__applications__status__in=[*OPEN_STATUSES, Status.REGISTERED])
        .select_related("work")
        .distinct()
    )
    return [f"{f.original_name} (work {f.work_id}: {f.work.original_title})" for f in clashes]


@transaction.atomic
def application_submit(*, application_id: int, user: object) -> Application:
    from catalog.evidence.services import evidence_deposit_file

    app = _locked(application_id)
    _require_applicant(app, user)
    if not app.work.files.exists():
        raise ValidationError({"files": "attach at least one file of the work before submitting"})
    duplicates = _duplicate_files(app)
    if duplicates:
        raise ValidationError(
            {"files": f"the same file was already filed for another work: {'; '.join(duplicates)}"}
        )
    first_submission = app.submitted_at is None
    _set_status(app, Status.SUBMITTED, actor=user)
    now = timezone.now()
    if first_submission:
        app.submitted_at = now
        local_day = timezone.localtime(now, timezone=_office_tz()).date()
        app.due_on = sla_due_on(local_day, fast_track=app.fast_track)
    app.save()
    # Every submitted file is fixed in the evidence chain as it was at submission.
    for work_file in app.work.files.all():
        evidence_deposit_file(
            kind="work_file",
            subject=f"catalog.workfile:{work_file.pk}",
            storage_name=work_file.file.name,
            metadata={
                "application": app.pk,
                "work": app.work_id,
                "original_name": work_file.original_name,
            },
        )
    _enqueue_screening(app.pk)
    return app


def _office_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo("Asia/Shanghai")


def _enqueue_first_certificate(application_id: int) -> None:
    # Rendering a CJK certificate takes seconds; the examiner should not wait for it,
    # and a failed render must not undo the registration.
    from catalog.registration.tasks import issue_first_certificate

    transaction.on_commit(lambda: issue_first_certificate.delay(application_id))


def _enqueue_screening(application_id: int) -> None:
    from catalog.registration.tasks import screen_application

    transaction.on_commit(lambda: screen_application.delay(application_id))


@transaction.atomic
def application_screen(*, application_id: int) -> Application:
    """Run screening (sensitive words, similarity) and hand the file to examination.

    Idempotent: a redelivered task finds the application past ``submitted`` and stops.
    """
    from catalog.registration.screening import run_screening

    app = _locked(application_id)
    if app.status != Status.SUBMITTED:
        return app
    _set_status(app, Status.SCREENING, actor=None)
    outcome = run_screening(app.work)
    app.screening = outcome.summary
    app.held = outcome.hold
    app.hold_reason = outcome.hold_reason
    app.hold_overridden_by = None
    _set_status(
        app,
        Status.IN_EXAMINATION,
        actor=None,
        note=outcome.hold_reason if outcome.hold else "screening clear",
    )
    app.save()
    return app


@transaction.atomic
def application_assign_examiner(
    *, application_id: int, examiner: object, assigned_by: object
) -> Application:
    _require_examiner(assigned_by)
    _require_examiner(examiner)
    app = _locked(application_id)
    if app.status not in OPEN_STATUSES:
        raise TransitionError({"examiner": "only open applications can be assigned"})
    app.examiner = examiner
    app.save(update_fields=["examiner"])
    Comment.objects.create(
        application=app, author=assigned_by, internal=True, body=f"assigned to {examiner}"
    )
    return app


@transaction.atomic
def application_request_correction(
    *, application_id: int, examiner: object, message: str
) -> Application:
    _require_examiner(examiner)
    if not message.strip():
        raise ValidationError({"message": "tell the applicant what to correct"})
    app = _locked(application_id)
    _set_status(app, Status.NEEDS_CORRECTION, actor=examiner, note=message)
    app.save()
    Comment.objects.create(application=app, author=examiner, body=message)
    return app


@transaction.atomic
def application_reject(*, application_id: int, examiner: object, reason: str) -> Application:
    _require_examiner(examiner)
    if not reason.strip():
        raise ValidationError({"reason": "a rejection needs a reason"})
    app = _locked(application_id)
    _set_status(app, Status.REJECTED, actor=examiner, note=reason)
    app.decided_at = timezone.now()
    app.save()
    Comment.objects.create(application=app, author=examiner, body=reason)
    return app


@transaction.atomic
def application_withdraw(*, application_id: int, user: object, reason: str = "") -> Application:
    app = _locked(application_id)
    _require_applicant(app, user)
    _set_status(app, Status.WITHDRAWN, actor=user, note=reason)
    app.decided_at = timezone.now()
    app.save()
    return app


@transaction.atomic
def application_register(
    *, application_id: int, examiner: object, override_hold_reason: str = ""
) -> Application:
    """Register the work: gapless number now; certificate PDF and its evidence after commit."""
    _require_examiner(examiner)
    app = _locked(application_id)
    if app.status != Status.IN_EXAMINATION:
        raise TransitionError({"status": f"application is “{app.status}”, not in examination"})
    if app.held:
        if not override_hold_reason.strip():
            raise ValidationError(
                {
                    "hold": f"held for examination: {app.hold_reason}. "
                    "Registering needs a recorded reason."
                }
            )
        app.hold_overridden_by = examiner
    now = timezone.now()
    year = timezone.localtime(now, timezone=_office_tz()).year
    app.number = format_number(
        year=year, work_type=app.work.work_type, value=next_value(NumberSequence, year)
    )
    app.registered_at = app.decided_at = now
    _set_status(app, Status.REGISTERED, actor=examiner, note=override_hold_reason or "registered")
    app.save()
    _enqueue_first_certificate(app.pk)
    events.publish(WorkRegistered(work_id=app.work_id, number=app.number))
    return app


@transaction.atomic
def application_comment(
    *, application_id: int, author: object, body: str, internal: bool = False
) -> Comment:
    if not body.strip():
        raise ValidationError({"body": "a comment cannot be empty"})
    app = Application.objects.get(pk=application_id)
    if not is_examiner(author):
        _require_applicant(app, author)
        internal = False
    return Comment.objects.create(application=app, author=author, body=body, internal=internal)
