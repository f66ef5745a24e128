"""Reads of the dispute service, and who may see what.

A party sees its own cases (and only their evidence); a mediator the cases
assigned to them; staff everything. Views ask these and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.models import EvidenceEntry
from catalog.kernel.permissions import acting_party_ids, is_authenticated, is_mediator, is_staff
from catalog.kernel.status import StatusFlag
from catalog.models import Work, WorkFile
from catalog.registration.models import Application
from licensing.contracts.models import Contract
from licensing.disputes.models import (
    OPEN_STATUSES,
    Agency,
    Batch,
    Case,
    CaseEvidence,
    CaseParty,
    CaseStatus,
    CaseType,
)

SIGNING_ROLES = (CaseParty.Role.CLAIMANT, CaseParty.Role.RESPONDENT)
RUNNING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.SETTLING)
# What each case type must be about (app_label.ModelName of the generic subject).
SUBJECT_MODELS = {
    CaseType.CONTRACT: "contracts.Contract",
    CaseType.ROYALTY: "royalties.Statement",
    CaseType.REGISTRATION: "registration.Application",
}
# Who is a party to each kind of subject: paths to the ids of its parties.
SUBJECT_PARTIES = {
    "contracts.Contract": ("licensor_id", "licensee_id"),
    "royalties.Statement": ("payee_id", "contract.licensee_id"),
    "registration.Application": ("applicant_id",),
}


def _party_filter(user: object) -> Q:
    return Q(parties__user=user) | Q(parties__party__in=acting_party_ids(user))


def cases_visible_to(user: object) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if is_staff(user):
        return Case.objects.all()
    q = _party_filter(user) | Q(filed_by=user)
    if is_mediator(user):
        q |= Q(mediator=user)
    return Case.objects.filter(pk__in=Case.objects.filter(q).values("pk"))


def can_view_case(user: object, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def can_mediate(user: object, case: Case) -> bool:
    """Mediator acts (sessions, minutes, settlement, outcome): the assigned mediator or staff."""
    return is_staff(user) or (is_mediator(user) and case.mediator_id == user.pk)


def can_mediate_batch(user: object, batch: Batch) -> bool:
    """Sessions and outcomes of a batch: its mediator or staff."""
    return is_staff(user) or (is_mediator(user) and batch.mediator_id == user.pk)


def can_sign(user: object, case: Case) -> bool:
    """Is the settlement of ``case`` awaiting a signature ``user`` may give?"""
    settlement = getattr(case, "settlement", None)
    if settlement is None or case.status != CaseStatus.SETTLING:
        return False
    signed = set(settlement.signatures.values_list("case_party_id", flat=True))
    return any(r.pk not in signed for r in rows_signed_by(case, user))


def can_intake(user: object) -> bool:
    """Accepting, rejecting and assigning is the centre's staff's work (mediators see only
    the cases assigned to them, so not the ones still waiting)."""
    return is_staff(user)


def is_party(user: object, case: Case) -> bool:
    return Case.objects.filter(_party_filter(user), pk=case.pk).exists() or (
        case.filed_by_id == getattr(user, "pk", None)
    )


def my_cases(user: object) -> QuerySet[Case]:
    return Case.objects.filter(
        pk__in=Case.objects.filter(_party_filter(user) | Q(filed_by=user)).values("pk")
    ).prefetch_related("parties")


def case_evidence(*, user: object, case: Case) -> QuerySet[CaseEvidence]:
    """The evidence of ``case`` if ``user`` may see that case; nothing otherwise."""
    if not can_view_case(user, case):
        return CaseEvidence.objects.none()
    return case.evidence.select_related("entry", "submitted_by")


def evidence_item_for(*, user: object, pk: int) -> CaseEvidence | None:
    item = CaseEvidence.objects.select_related("case", "entry").filter(pk=pk).first()
    if item is None or not can_view_case(user, item.case):
        return None
    return item


def _entry_owned(entry: EvidenceEntry, *, party_ids: set[int], cases: QuerySet[Case]) -> bool:
    """Is ``entry`` about something of ``party_ids`` (a work file of their works, a
    certificate of their registration, their contract) or evidence of one of ``cases``?"""
    kind, _sep, ref = entry.subject.partition(":")
    owned = False
    if kind == "catalog.workfile" and ref.isdigit():
        owned = WorkFile.objects.filter(pk=int(ref), work__holder__in=party_ids).exists()
    elif kind == "registration.certificate":
        number = ref.split(":v")[0]
        owned = Application.objects.filter(number=number, applicant__in=party_ids).exists()
    elif kind == "contract":
        number = ref.split("/")[0]
        owned = Contract.objects.filter(
            Q(licensor__in=party_ids) | Q(licensee__in=party_ids), number=number
        ).exists()
    elif kind == "dispute":
        owned = cases.filter(number=ref).exists()
    return owned or CaseEvidence.objects.filter(entry=entry, case__in=cases).exists()


def _case_parties_scope(case: Case) -> tuple[set[int], QuerySet[Case]]:
    """What the parties of ``case`` own: their registered parties and those their
    linked users act for, and the cases any of them is a party to."""
    rows = list(case.parties.select_related("user"))
    party_ids = {r.party_id for r in rows if r.party_id}
    user_ids = [r.user_id for r in rows if r.user_id]
    for row in rows:
        if row.user_id:
            party_ids |= acting_party_ids(row.user)
    cases = Case.objects.filter(
        pk__in=Case.objects.filter(
            Q(pk=case.pk) | Q(parties__party__in=party_ids) | Q(parties__user__in=user_ids)
        ).values("pk")
    )
    return party_ids, cases


def may_attach(*, user: object, case: Case, entry: EvidenceEntry) -> bool:
    """May ``user`` attach ``entry`` (already in the chain) to ``case``?

    Attaching exposes the entry's file to everyone on the case. A party may attach
    only what is already theirs: files of their works, certificates of their
    registrations, their contracts, or evidence of cases they can see. The mediator
    (or staff) may attach what one of the case's parties owns in that sense, never
    another party's file from the register they can read.
    """
    if is_party(user, case) and _entry_owned(
        entry, party_ids=acting_party_ids(user), cases=cases_visible_to(user)
    ):
        return True
    if can_mediate(user, case):
        party_ids, cases = _case_parties_scope(case)
        return _entry_owned(entry, party_ids=party_ids, cases=cases)
    return False


def attachable_entry(*, user: object, case: Case, seq: int) -> EvidenceEntry | None:
    """The chain entry number ``seq`` if ``user`` may attach it to ``case`` (``may_attach``)."""
    entry = EvidenceEntry.objects.filter(seq=seq).first()
    if entry is None or not may_attach(user=user, case=case, entry=entry):
        return None
    return entry


def own_rows(case: Case, user: object) -> list[CaseParty]:
    """The rows of ``case`` that are ``user`` themself: linked to their account (by an
    accepted invitation or as the filer), or of a registered party they act for."""
    if not is_authenticated(user):
        return []
    party_ids = acting_party_ids(user)
    return [
        r
        for r in case.parties.all()
        if r.user_id == user.pk or (r.party_id is not None and r.party_id in party_ids)
    ]


def represented_rows(case: Case, user: object, *, scope: str | None = None) -> list[CaseParty]:
    """The principals ``user`` acts for as an agent whose agency the principal confirmed
    and nobody revoked (of ``scope`` if given). A declared agency alone gives nothing."""
    agent_rows = [r.pk for r in own_rows(case, user) if r.role == CaseParty.Role.AGENT]
    if not agent_rows:
        return []
    agencies = Agency.objects.filter(
        agent__in=agent_rows, confirmed_at__isnull=False, revoked_at__isnull=True
    ).select_related("principal")
    if scope is not None:
        agencies = agencies.filter(scope=scope)
    return [a.principal for a in agencies]


def rows_acting_for(case: Case, user: object) -> list[CaseParty]:
    """Every row ``user`` may act as: their own first, then confirmed principals."""
    own = own_rows(case, user)
    return own + [r for r in represented_rows(case, user) if r not in own]


def rows_signed_by(case: Case, user: object) -> list[CaseParty]:
    """The sides ``user`` may sign for: their own, or a principal whose confirmed agency
    lets them sign."""
    rows = own_rows(case, user) + represented_rows(case, user, scope=Agency.Scope.SIGN)
    signing: list[CaseParty] = []
    for row in rows:
        if row.role in SIGNING_ROLES and row not in signing:
            signing.append(row)
    return signing


def can_withdraw(user: object, case: Case) -> bool:
    """The claimant (or its agent with signing authority) withdraws; the centre may too."""
    return can_mediate(user, case) or any(
        r.role == CaseParty.Role.CLAIMANT for r in rows_signed_by(case, user)
    )


def is_party_to_subject(user: object, subject: models.Model) -> bool:
    """Is ``user`` a party to the contract, statement or application (or staff)?"""
    if is_staff(user):
        return True
    party_ids = acting_party_ids(user)
    for path in SUBJECT_PARTIES.get(subject._meta.label, ()):
        value: object = subject
        for attr in path.split("."):
            value = getattr(value, attr)
        if value in party_ids:
            return True
    return False


def subject_for(*, user: object, case_type: str, ref: str) -> models.Model | None:
    """What a ``case_type`` dispute is about, named by number (or id): only a contract,
    statement or application ``user`` is a party to. One refusal for "no such thing"
    and "not yours", so the form does not tell strangers which numbers exist."""
    ref = (ref or "").strip()
    label = SUBJECT_MODELS.get(case_type)
    if not label or not ref:
        return None
    model = apps.get_model(label)
    field = "number" if any(f.name == "number" for f in model._meta.fields) else "pk"
    subject = None
    if field == "number" or ref.isdigit():
        subject = model.objects.filter(**{field: ref}).order_by("-pk").first()
    if subject is None or not is_party_to_subject(user, subject):
        raise ValidationError(
            {
                "subject_ref": _(
                    "No contract, statement or application numbered %(ref)s that you are "
                    "a party to."
                )
                % {"ref": ref}
            }
        )
    return subject


def overdue_cases(*, now=None) -> QuerySet[Case]:
    return Case.objects.filter(
        status__in=RUNNING_STATUSES, deadline__lt=now or timezone.now()
    ).order_by("deadline")


def mediator_queue(user: object) -> QuerySet[Case]:
    return (
        Case.objects.filter(mediator=user, status__in=OPEN_STATUSES)
        .order_by("deadline", "pk")
        .prefetch_related("parties")
    )


def mediation_overview(user: object) -> dict[str, object]:
    """What the mediation queue page shows a mediator (their cases) or staff (also intake
    and every overdue case); everyone else is refused."""
    if not (is_mediator(user) or is_staff(user)):
        raise PermissionDenied
    mine = mediator_queue(user)
    overdue = overdue_cases()
    if not is_staff(user):
        overdue = overdue.filter(mediator=user)
    return {
        "cases": mine,
        "overdue": overdue,
        "intake": intake_queue() if can_intake(user) else None,
        "batches": Batch.objects.filter(mediator=user).order_by("-pk")[:50],
        "batchable": mine.filter(status=CaseStatus.MEDIATING, batch__isnull=True),
    }


def mediators(*, active_only: bool = True) -> QuerySet:
    users = get_user_model().objects.filter(roles__contains=["mediator"])
    return users.filter(is_active=True) if active_only else users


def fileable_works(user: object) -> QuerySet[Work]:
    """The works a complaint may name: those of the parties ``user`` acts for."""
    return Work.objects.filter(holder__in=acting_party_ids(user)).order_by("original_title")


def intake_queue() -> QuerySet[Case]:
    return Case.objects.filter(status__in=(CaseStatus.FILED, CaseStatus.ACCEPTED)).order_by(
        "filed_at"
    )


def open_cases_for_work(work: Work) -> QuerySet[Case]:
    return Case.objects.filter(works=work, status__in=OPEN_STATUSES)


def dispute_status_flags(work: Work) -> list[StatusFlag]:
    numbers = list(open_cases_for_work(work).values_list("number", flat=True)[:5])
    if not numbers:
        return []
    return [StatusFlag("disputed", _("Under dispute"), "warning", ", ".join(numbers))]


def filing_initial(*, user: object, params: Mapping[str, str]) -> dict[str, object]:
    """Pre-filled answers of the filing form for a link such as the out-of-licence queue's
    ``?work=<id>&contract=<id>``: only a contract ``user`` is a party to and works it may
    name are taken; anything else in the query is ignored, never an error."""
    initial: dict[str, object] = {}
    contract_id = str(params.get("contract", ""))
    contract = (
        Contract.objects.select_related("licensee", "work").filter(pk=contract_id).first()
        if contract_id.isdigit()
        else None
    )
    if contract is not None and is_party_to_subject(user, contract):
        other = contract.licensee if contract.licensor_id in acting_party_ids(user) else None
        initial.update(
            case_type=CaseType.CONTRACT,
            subject_ref=contract.number,
            summary=_("Use outside the licence of contract %(number)s")
            % {"number": contract.number},
        )
        if other is not None:
            initial.update(
                respondent_name=other.name,
                respondent_email=other.email,
                respondent_country=other.country,
            )
    work_id = str(params.get("work", ""))
    if work_id.isdigit() and fileable_works(user).filter(pk=work_id).exists():
        initial["works"] = [int(work_id)]
    return initial
