"""Open disputes as encumbrances of their works (``catalog.kernel.encumbrances``).

Registered in ``DisputesConfig.ready``. A case in one of ``OPEN_STATUSES`` holds back every
right of the works it names from the day it was filed until it closes; whether that is a
conflict or only a warning is ``settings.DISPUTE_AVAILABILITY_POLICY`` for its case type. A case
only filed — not yet accepted by the centre — always just warns: anyone can file, and a filing
alone must not take a work off the market.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.checks import Error, register
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.encumbrances import DISPUTED, Encumbrance
from licensing.disputes.models import OPEN_STATUSES, Case, CaseStatus, CaseType

POLICIES = ("block", "warn")

_WORKS = Case.works.through._meta
# Raw SQL: this runs inside every availability check, and the common answer is "none".
_SQL = f"""
    SELECT cw.{_WORKS.get_field("work").column}, c.number, c.case_type, c.status, c.filed_at
      FROM {Case._meta.db_table} c
      JOIN {_WORKS.db_table} cw ON cw.{_WORKS.get_field("case").column} = c.id
     WHERE cw.{_WORKS.get_field("work").column} = ANY(%s) AND c.status = ANY(%s)
     ORDER BY c.filed_at, c.id"""  # noqa: S608 (model metadata only)

# For catalog.kernel.encumbrances' one-round-trip probe: any case about the work? An
# index-only lookup; a closed case just costs the full query above.
PRESENT = f"""
    EXISTS (SELECT 1 FROM {_WORKS.db_table}
             WHERE {_WORKS.get_field("work").column} = ANY(%(works)s))"""  # noqa: S608


def dispute_policy(case_type: str) -> str:
    return settings.DISPUTE_AVAILABILITY_POLICY[case_type]


def dispute_encumbrances(
    work_ids: Sequence[int], start: dt.date, end: dt.date | None
) -> list[Encumbrance]:
    with connection.cursor() as cursor:
        cursor.execute(_SQL, [list(work_ids), [str(s) for s in OPEN_STATUSES]])
        rows = cursor.fetchall()
    found = []
    for work_id, number, case_type, status, filed_at in rows:
        since = timezone.localtime(filed_at).date()
        if end is not None and since >= end:
            continue  # filed after the window
        found.append(
            Encumbrance(
                code=DISPUTED,
                work_id=work_id,
                ref=number,
                reason=_("Disputed: %(type)s, case %(case)s")
                % {"type": CaseType(case_type).label, "case": number},
                start=since,
                end=None,
                blocking=status != CaseStatus.FILED and dispute_policy(case_type) == "block",
            )
        )
    return found


@register()
def check_dispute_policy(app_configs, **kwargs) -> list[Error]:
    """Every case type has a policy and every policy is block or warn: a typo must not
    quietly let a disputed work be sold."""
    policy = getattr(settings, "DISPUTE_AVAILABILITY_POLICY", None) or {}
    errors = []
    for code in sorted(set(CaseType.values) | set(policy)):
        value = policy.get(code)
        if code not in CaseType.values or value not in POLICIES:
            errors.append(
                Error(
                    f"DISPUTE_AVAILABILITY_POLICY[{code!r}] = {value!r}: the keys are the case "
                    f"types ({', '.join(CaseType.values)}), the values one of {POLICIES}.",
                    id="disputes.E001",
                )
            )
    return errors
