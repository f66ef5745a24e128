"""The status flags pledges and seizures add to the catalog.

Registered in ``PledgesConfig.ready``: ``catalog.kernel.status`` asks ``pledge_status_flags``
for the verify page and search. What a pledge or seizure *forbids* is decided in
``finance/pledges/availability.py`` (the encumbrances and the action guard).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from catalog.kernel.status import StatusFlag
from catalog.models import Work
from finance.pledges.models import Pledge, PledgeStatus, Seizure
from finance.pledges.selectors import (
    active_pledges_for_work,
    active_seizures_for_work,
)
from i18n.formatting import format_date


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
            | Exists(Seizure.objects.filter(works=OuterRef("pk"), in_force=True))
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
                f"{seizure.court.name} · {seizure.case_number} · {dates} · "
                + _("its royalties are paid into the court's escrow account"),
            )
        )
    return flags
