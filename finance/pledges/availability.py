"""Seizures and pledges as encumbrances of their works, and the action guard built on them.

``pledge_encumbrances`` is registered with ``catalog.kernel.encumbrances`` in
``PledgesConfig.ready``: licensing's ``check_availability`` subtracts what it returns, cell by
cell and day by day. ``pledge_guard`` (registered with ``catalog.kernel.guards``) answers the
same question for an *action* — list, license, pledge, transfer — from the same records and
the same ``Encumbrance.restricts`` rule, so the two cannot disagree:

* a seizure (status active) is in force from ``starts_on`` through ``ends_on`` (none: until
  released) and freezes its right types (none: every right), exclusive or not;
* a registered pledge of the work is in force through its term and restricts exclusive
  dealings only — an exclusive licence or a transfer needs the pledgee's consent to that
  contract (``PledgeConsent``); a non-exclusive licence does not.

The guard's window: a licence's own rights and dates when the contract is known; a transfer
from today on (it is for good); anything else today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.encumbrances import PLEDGED_CONSENT_NEEDED, SEIZED, Encumbrance
from catalog.models import Party, Work
from finance.pledges.models import Pledge, PledgeConsent, PledgeStatus, Seizure, SeizureStatus
from i18n.formatting import format_date
from licensing.contracts.selectors import contract_right_windows

_S, _P = Seizure.works.through._meta, Pledge.works.through._meta
# Raw SQL, one round trip for both kinds: this runs inside every availability check, and the
# common answer is "nothing". Names (translated) are read only when something was found.
_SQL = f"""
    SELECT 's', sw.{_S.get_field("work").column}, s.court_id, s.case_number,
           s.starts_on, s.ends_on, s.right_types, '{{}}'::int[]
      FROM {Seizure._meta.db_table} s
      JOIN {_S.db_table} sw ON sw.{_S.get_field("seizure").column} = s.id
     WHERE sw.{_S.get_field("work").column} = ANY(%(works)s) AND s.status = %(active)s
       AND (%(end)s::date IS NULL OR s.starts_on < %(end)s::date)
       AND (s.ends_on IS NULL OR s.ends_on >= %(start)s::date)
    UNION ALL
    SELECT 'p', pw.{_P.get_field("work").column}, p.pledgee_id, p.number,
           p.starts_on, p.ends_on, '{{}}'::varchar[],
           ARRAY(SELECT c.contract_id FROM {PledgeConsent._meta.db_table} c
                  WHERE c.pledge_id = p.id)
      FROM {Pledge._meta.db_table} p
      JOIN {_P.db_table} pw ON pw.{_P.get_field("pledge").column} = p.id
     WHERE pw.{_P.get_field("work").column} = ANY(%(works)s) AND p.status = %(registered)s
       AND (%(end)s::date IS NULL OR p.starts_on < %(end)s::date)
       AND p.ends_on >= %(start)s::date"""  # noqa: S608 (model metadata only)

# For catalog.kernel.encumbrances' one-round-trip probe: has the work ever been seized or
# pledged? Index-only lookups; a released order or pledge just costs the full query above.
PRESENT = f"""
    EXISTS (SELECT 1 FROM {_S.db_table} WHERE {_S.get_field("work").column} = ANY(%(works)s))
    OR EXISTS (SELECT 1 FROM {_P.db_table}
                WHERE {_P.get_field("work").column} = ANY(%(works)s))"""  # noqa: S608

ONE_DAY = dt.timedelta(days=1)


def pledge_encumbrances(
    work_ids: Sequence[int], start: dt.date, end: dt.date | None
) -> list[Encumbrance]:
    params = {
        "works": list(work_ids),
        "start": start,
        "end": end,
        "active": SeizureStatus.ACTIVE.value,
        "registered": PledgeStatus.REGISTERED.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    parties = Party.objects.in_bulk({row[2] for row in rows})
    found = []
    for kind, work_id, party_id, ref, starts_on, ends_on, rights, consented in sorted(
        rows, key=lambda r: (r[4], r[0], r[3])
    ):
        name = parties[party_id].name
        if kind == "s":
            found.append(
                Encumbrance(
                    code=SEIZED,
                    work_id=work_id,
                    ref=ref,
                    reason=_seizure_reason(name, ref, ends_on),
                    start=starts_on,
                    end=ends_on + ONE_DAY if ends_on else None,
                    right_types=frozenset(rights or ()),
                )
            )
        else:
            found.append(
                Encumbrance(
                    code=PLEDGED_CONSENT_NEEDED,
                    work_id=work_id,
                    ref=ref,
                    reason=_("pledged to %(pledgee)s (%(number)s): the pledgee has not consented")
                    % {"pledgee": name, "number": ref},
                    start=starts_on,
                    end=ends_on + ONE_DAY,
                    exclusive_only=True,
                    consented=frozenset(consented or ()),
                )
            )
    return found


def _seizure_reason(court: str, case: str, ends_on: dt.date | None) -> str:
    if ends_on is None:
        return _("Seized by order of %(court)s (case %(case)s) until released") % {
            "court": court,
            "case": case,
        }
    return _("Seized by order of %(court)s (case %(case)s) until %(end)s") % {
        "court": court,
        "case": case,
        "end": format_date(ends_on),
    }


Scope = tuple[str | None, frozenset[str] | None, dt.date, dt.date | None]


def _scopes(action: str, contract: object | None) -> list[Scope]:
    """(right type, countries — None: every one —, start, end) the action reaches."""
    today = timezone.localdate()
    if contract is not None and action in ("license", "license_exclusive"):
        try:
            return [(r, c, s, e + ONE_DAY) for r, c, s, e in contract_right_windows(contract)]
        except ValidationError:  # unreadable terms: the freeze must not be bypassed
            pass
    if action == "transfer":
        return [(None, None, today, None)]
    return [(None, None, today, today + ONE_DAY)]


def _reaches(enc: Encumbrance, scope: Scope, exclusive: bool, contract_id: int | None) -> bool:
    right, countries, start, end = scope
    return (
        enc.overlap(start, end) is not None
        and (countries is None or bool(enc.countries(sorted(countries))))
        and enc.restricts(right_type=right, exclusive=exclusive, contract_id=contract_id)
    )


def pledge_guard(work: Work, action: str, **context: object) -> Iterable[str]:
    contract = context.get("contract")
    contract_id = getattr(contract, "pk", None)
    # A transfer ends the pledgor's say over every right, exclusive or not.
    exclusive = action in ("license_exclusive", "transfer")
    scopes = _scopes(action, contract)
    start = min(scope[2] for scope in scopes)
    ends = [scope[3] for scope in scopes]
    end = None if None in ends else max(ends)
    return [
        enc.reason
        for enc in pledge_encumbrances([work.pk], start, end)
        if any(_reaches(enc, scope, exclusive, contract_id) for scope in scopes)
    ]
