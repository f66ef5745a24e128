"""Reads of the dispute service, and who may see what.

A party sees its own cases (and only their evidence); a mediator the cases
assigned to them; staff everything. Views ask these and nothing else.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.models import EvidenceEntry
from catalog.kernel.permissions import acting_party_ids
from catalog.models import Work, WorkFile
from catalog.registration.models import Application
from catalog.status import StatusFlag
from licensing.contracts.models import Contract
from licensing.disputes.models import (
    OPEN_STATUSES,
    Case,
    CaseEvidence,
    CaseParty,
    CaseStatus,
)

SIGNING_ROLES = (CaseParty.Role.CLAIMANT, CaseParty.Role.RESPONDENT)
RUNNING_STATUSES = (CaseStatus.ACCEPTED, CaseStatus.MEDIATING, CaseStatus.SETTLING)


def is_staff(user: object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.is_staff or user.is_superuser or user.has_role("staff"))
    )


def is_mediator(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role("mediator"))


def _party_ids(user: object) -> list[int]:
    # The kernel's answer: no parties until the user's e-mail is verified.
    return list(acting_party_ids(user))


def _party_filter(user: object) -> Q:
    return Q(parties__user=user) | Q(parties__party__in=_party_ids(user))


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


def attachable_entry(*, user: object, case: Case, seq: int) -> EvidenceEntry | None:
    """An existing chain entry ``user`` may attach to ``case``.

    Attaching exposes the entry's file to everyone on the case, so a party may
    attach only what is already theirs: files of their works, certificates of
    their registrations, their contracts, or evidence of cases they can see.
    """
    entry = EvidenceEntry.objects.filter(seq=seq).first()
    if entry is None or can_mediate(user, case):
        return entry
    kind, _sep, ref = entry.subject.partition(":")
    parties = _party_ids(user)
    owned = False
    if kind == "catalog.workfile" and ref.isdigit():
        owned = WorkFile.objects.filter(pk=int(ref), work__holder__in=parties).exists()
    elif kind == "registration.certificate":
        number = ref.split(":v")[0]
        owned = Application.objects.filter(number=number, applicant__in=parties).exists()
    elif kind == "contract":
        number = ref.split("/")[0]
        owned = Contract.objects.filter(
            Q(licensor__in=parties) | Q(licensee__in=parties), number=number
        ).exists()
    elif kind == "dispute":
        owned = cases_visible_to(user).filter(number=ref).exists()
    if not owned:
        owned = CaseEvidence.objects.filter(entry=entry, case__in=cases_visible_to(user)).exists()
    return entry if owned else None


def rows_signed_by(case: Case, user: object) -> list[CaseParty]:
    """The sides ``user`` may sign for: their own row(s), or the claimant's as its agent."""
    party_ids = set(_party_ids(user))
    rows = list(case.parties.all())
    mine = [
        r
        for r in rows
        if r.role in SIGNING_ROLES and (r.user_id == user.pk or r.party_id in party_ids)
    ]
    if any(r.role == CaseParty.Role.AGENT and r.user_id == user.pk for r in rows):
        mine += [r for r in rows if r.role == CaseParty.Role.CLAIMANT and r not in mine]
    return mine


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
