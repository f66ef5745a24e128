"""The guard and the status flags pledges and seizures add to the catalog.

Registered in ``PledgesConfig.ready``: ``catalog.kernel.guards`` asks ``pledge_guard``
before a work is listed, licensed, pledged or transferred, and
``catalog.kernel.status`` asks ``pledge_status_flags`` for the verify page and search.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from catalog.kernel.status import StatusFlag
from catalog.models import Work
from finance.pledges.models import Pledge, PledgeStatus, Seizure, SeizureStatus
from finance.pledges.selectors import (
    active_pledges_for_work,
    active_seizures_for_work,
    pledges_without_consent,
)
from i18n.formatting import format_date
from licensing.contracts.selectors import contract_right_types

NEEDS_PLEDGEE_CONSENT = ("license_exclusive", "transfer")


def _seizure_reason(seizure) -> str:
    return _("seized by order of %(court)s, case %(case)s") % {
        "court": seizure.court.name,
        "case": seizure.case_number,
    }


def _contract_rights(contract: object) -> set[str]:
    try:
        return contract_right_types(contract)
    except ValidationError:  # unreadable terms: the freeze must not be bypassed
        return set()


def pledge_guard(work: Work, action: str, **context: object) -> Iterable[str]:
    reasons: list[str] = []
    contract = context.get("contract")
    for seizure in active_seizures_for_work(work):
        scoped = seizure.right_types and contract is not None
        if scoped and not (set(seizure.right_types) & _contract_rights(contract)):
            continue  # the order freezes other rights than the ones this contract grants
        reasons.append(_seizure_reason(seizure))
    if action in NEEDS_PLEDGEE_CONSENT:
        for pledge in pledges_without_consent(work, contract):
            reasons.append(
                _("pledged to %(pledgee)s (%(number)s): the pledgee has not consented")
                % {"pledgee": pledge.pledgee.name, "number": pledge.number}
            )
    return reasons


def _encumbered(work: Work) -> bool:
    """One cheap query for the common case: no pledge and no seizure at all."""
    return (
        Work.objects.filter(pk=work.pk)
        .filter(
            Exists(Pledge.objects.filter(works=OuterRef("pk"), status=PledgeStatus.REGISTERED))
            | Exists(
                Pledge.objects.filter(
                    contracts__work=OuterRef("pk"), status=PledgeStatus.REGISTERED
                )
            )
            | Exists(Seizure.objects.filter(works=OuterRef("pk"), status=SeizureStatus.ACTIVE))
        )
        .exists()
    )


def pledge_status_flags(work: Work) -> list[StatusFlag]:
    if not _encumbered(work):
        return []
    flags = [
        StatusFlag(
            "pledged",
            _("Pledged"),
            "warning",
            _("pledgee %(pledgee)s, %(number)s") % {"pledgee": p.pledgee.name, "number": p.number},
        )
        for p in active_pledges_for_work(work)
    ]
    for seizure in active_seizures_for_work(work):
        dates = format_date(seizure.starts_on)
        if seizure.ends_on:
            dates = f"{dates} – {format_date(seizure.ends_on)}"
        flags.append(
            StatusFlag(
                "seized",
                _("Seized by court order"),
                "danger",
                f"{seizure.court.name} · {seizure.case_number} · {dates}",
            )
        )
    return flags
