"""Registration services: one function per transition of ``workflow.WORKFLOW``, each audited."""

from __future__ import annotations

import hashlib
import re
import zoneinfo
from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.events import WorkRegistered
from catalog.kernel import events
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser, acts_for, is_examiner
from catalog.kernel.uploads import validate_upload
from catalog.kernel.workflow import SYSTEM, TransitionRefused
from catalog.models import Party, Work, WorkFile
from catalog.registration.models import (
    OPEN_STATUSES,
    Application,
    Comment,
    NumberSequence,
    Status,
)
from catalog.registration.numbers import format_number, sla_due_on
from catalog.registration.workflow import WORKFLOW, accepts_files, assignable, is_applicant
from catalog.services import (
    CreatorInput,
    ShareInput,
    WorkInput,
    party_create,
    validate_country,
    work_create,
)
from catalog.vocabulary import ALL_RIGHTS, SHARE_RIGHT_CHOICES, PartyCategory, PartyKind


def _locked(application_id: int) -> Application:
    return Application.objects.select_for_update().select_related("work").get(pk=application_id)


# Services refuse a stranger before validating input (an empty reason, a missing file);
# WORKFLOW.apply checks the same permission again when the status moves.
def _require_examiner(user: object) -> None:
    if not is_examiner(user):
        raise PermissionDenied(_("only examiners may do this"))


def _require_applicant(app: Application, user: object) -> None:
    if not is_applicant(app, user):
        raise PermissionDenied(_("only members of the applicant party may do this"))


@dataclass(frozen=True)
class NamedCreator:
    """A creator as the web form names one: found by name and country, else created."""

    name: str
    role: str
    kind: str = PartyKind.PERSON
    country: str = ""  # empty: the work's country


@dataclass(frozen=True)
class NamedShare:
    """A co-owner's share of one right; an empty name is the applicant itself."""

    percent: Decimal
    right: str = ALL_RIGHTS
    name: str = ""
    kind: str = PartyKind.ORGANISATION
    country: str = ""


class ShareSumRefused(ValidationError):
    """The database's rule (shares of a right sum to 100 %) refused the shares of ``right``."""

    def __init__(self, *, right: str, total: str) -> None:
        label = dict(SHARE_RIGHT_CHOICES).get(right, right)
        super().__init__(
            {
                "shares": _("Shares of “%(right)s” sum to %(total)s %%, not 100 %%.")
                % {"right": label, "total": total}
            }
        )
        self.right = right


_SHARE_SUM_ERROR = re.compile(r"right (?P<right>\S+) sum to (?P<total>[0-9.]+)")


def _check_share_sums_now() -> None:
    """Run the deferred share-sum trigger now, inside this transaction, so that its refusal
    is a form error for the share that broke it and not a failed commit (a 500). Python
    checks the sums first; the database also sees rounding to the column's 4 decimals."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ownershipshare_sum_100 IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ownershipshare_sum_100 DEFERRED")
    except IntegrityError as exc:
        found = _SHARE_SUM_ERROR.search(str(exc))
        if found is None:
            raise
        raise ShareSumRefused(right=found["right"], total=found["total"]) from None


def _party_named(*, name: str, kind: str, country: str) -> Party:
    """The oldest party of this name and country, or a new one (the ONIX importer's rule)."""
    country = validate_country(country)
    party = Party.objects.filter(original_name=name, country=country).order_by("pk").first()
    if party is not None:
        return party
    category = PartyCategory.CREATOR if kind == PartyKind.PERSON else PartyCategory.OTHER
    return party_create(kind=kind, category=category, name=name, country=country)


@transaction.atomic
def application_create(
    *,
    user: AnyUser,
    applicant: Party,
    work: WorkInput,
    fast_track: bool = False,
    creators: list[NamedCreator] | None = None,
    shares: list[NamedShare] | None = None,
    community: str = "",
) -> Application:
    """A draft application for a new work, with its creators, co-owners and shares.

    ``shares`` None: the applicant owns 100 % of every right. ``community``: for a work
    based on traditional culture, the collective the tradition belongs to (empty: the
    applicant)."""
    if not acts_for(user, applicant.pk):
        raise PermissionDenied(_("you can only apply for a party you belong to"))
    country = work.country_of_origin
    if creators:
        named = [
            CreatorInput(
                party=_party_named(name=c.name.strip(), kind=c.kind, country=c.country or country),
                role=c.role,
            )
            for c in creators
        ]
        twice = [c for i, c in enumerate(named) if c in named[:i]]
        if twice:
            raise ValidationError(
                {
                    "creators": _("%(name)s is named twice in one role")
                    % {"name": twice[0].party.original_name}
                }
            )
        work = replace(work, creators=named)
    if shares:
        work = replace(
            work,
            shares=[
                ShareInput(
                    party=_party_named(
                        name=s.name.strip(), kind=s.kind, country=s.country or country
                    )
                    if s.name.strip()
                    else applicant,
                    percent=s.percent,
                    right=s.right,
                )
                for s in shares
            ],
        )
    if community.strip():
        work = replace(
            work,
            community_holder=_party_named(
                name=community.strip(), kind=PartyKind.COLLECTIVE, country=country
            ),
        )
    new_work = work_create(holder=applicant, data=work)
    _check_share_sums_now()
    return Application.objects.create(
        work=new_work, applicant=applicant, created_by=user, fast_track=fast_track
    )


@transaction.atomic
def application_open(*, user: AnyUser, work: Work, fast_track: bool = False) -> Application:
    """Apply to register a work already in the catalog (e.g. imported from ONIX)."""
    if not acts_for(user, work.holder_id):
        raise PermissionDenied(_("only the holder's members can apply for its works"))
    if work.applications.filter(status__in=[*OPEN_STATUSES, Status.REGISTERED]).exists():
        raise ValidationError({"work": _("this work already has an open or granted registration")})
    return Application.objects.create(
        work=work, applicant=work.holder, created_by=user, fast_track=fast_track
    )


@transaction.atomic
def application_attach_file(
    *, application_id: int, user: AnyUser, upload: UploadedFile, kind: str
) -> WorkFile:
    app = _locked(application_id)
    _require_applicant(app, user)
    if not accepts_files(app):
        raise TransitionRefused({"file": _("files can only be added to a draft or a correction")})
    validate_upload(kind=f"work_{kind}", file=upload, field="file")
    digest = _sha256_of(upload)
    if app.work.files.filter(sha256=digest).exists():
        raise ValidationError(
            {"file": _("“%(name)s” is already attached to this work") % {"name": upload.name}}
        )
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
def application_submit(*, application_id: int, user: AnyUser) -> Application:
    from catalog.evidence.services import evidence_deposit_file

    app = _locked(application_id)
    _require_applicant(app, user)
    if not app.work.files.exists():
        raise ValidationError(
            {"files": _("attach at least one file of the work before submitting")}
        )
    duplicates = _duplicate_files(app)
    if duplicates:
        raise ValidationError(
            {
                "files": _("the same file was already filed for another work: %(duplicates)s")
                % {"duplicates": "; ".join(duplicates)}
            }
        )
    first_submission = app.submitted_at is None
    WORKFLOW.apply(app, "submit", user=user, save=False)
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
    if WORKFLOW.state_reasons(app, "screen"):
        return app
    WORKFLOW.apply(app, "screen", user=SYSTEM, save=False)
    outcome = run_screening(app.work)
    app.screening = outcome.summary
    app.held = outcome.hold
    app.hold_reason = outcome.hold_reason
    app.hold_overridden_by = None
    WORKFLOW.apply(
        app,
        "examine",
        user=SYSTEM,
        note=outcome.hold_reason if outcome.hold else "screening clear",
        save=False,
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
    if not assignable(app):
        raise TransitionRefused({"examiner": _("only open applications can be assigned")})
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
        raise ValidationError({"message": _("tell the applicant what to correct")})
    app = _locked(application_id)
    WORKFLOW.apply(app, "request_correction", user=examiner, note=message, save=False)
    app.save()
    Comment.objects.create(application=app, author=examiner, body=message)
    return app


@transaction.atomic
def application_reject(*, application_id: int, examiner: object, reason: str) -> Application:
    _require_examiner(examiner)
    if not reason.strip():
        raise ValidationError({"reason": _("a rejection needs a reason")})
    app = _locked(application_id)
    WORKFLOW.apply(app, "reject", user=examiner, note=reason, save=False)
    app.decided_at = timezone.now()
    app.save()
    Comment.objects.create(application=app, author=examiner, body=reason)
    return app


@transaction.atomic
def application_withdraw(*, application_id: int, user: AnyUser, reason: str = "") -> Application:
    app = _locked(application_id)
    _require_applicant(app, user)
    WORKFLOW.apply(app, "withdraw", user=user, note=reason, save=False)
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
    WORKFLOW.require(app, "register", user=examiner)  # before a number is drawn
    if app.held:
        if not override_hold_reason.strip():
            raise ValidationError(
                {
                    "hold": _(
                        "held for examination: %(hold_reason)s. "
                        "Registering needs a recorded reason."
                    )
                    % {"hold_reason": app.hold_reason}
                }
            )
        app.hold_overridden_by = examiner
    now = timezone.now()
    year = timezone.localtime(now, timezone=_office_tz()).year
    app.number = format_number(
        year=year, work_type=app.work.work_type, value=next_value(NumberSequence, year)
    )
    app.registered_at = app.decided_at = now
    WORKFLOW.apply(
        app, "register", user=examiner, note=override_hold_reason or "registered", save=False
    )
    app.save()
    _enqueue_first_certificate(app.pk)
    events.publish(WorkRegistered(work_id=app.work_id, number=app.number))
    return app


@transaction.atomic
def application_comment(
    *, application_id: int, author: object, body: str, internal: bool = False
) -> Comment:
    if not body.strip():
        raise ValidationError({"body": _("a comment cannot be empty")})
    app = Application.objects.get(pk=application_id)
    if not is_examiner(author):
        _require_applicant(app, author)
        internal = False
    return Comment.objects.create(application=app, author=author, body=body, internal=internal)
