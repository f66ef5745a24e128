"""Use outside the licence: held when a report posts, never silently stated.

The rule (docs/royalties.md, "Use outside the licence"):

- When a report posts, each of its usage lines is checked against the terms of
  the contract it went to: the union of the rights' countries (territories
  less exclusions), the union of their media where every right names some
  (a right with no media licenses every channel), the same for formats, and the term
  (earliest start to latest end). A line whose territory, channel or format is not licensed,
  or whose report period lies wholly outside the term, is moved out of the
  usage lines into an ``OutOfLicenceLine`` in the same transaction: no close
  ever reads it. Usage lines carry no language, so languages are not checked.
- A report period that only partly overlaps the term is the ``term`` sanity
  rule (``sanity.py``): a warning on the report or, in quarantine mode, the
  lines quarantined with the rule's reason.
- The licensor decides per line, each an action of ``WORKFLOW`` with an audit
  row: *invoice* (a finance invoice to the licensee for the lines' royalty
  at the contract's first rate for the channel), *accept* (the line becomes a
  usage line of its report and flows into the next statement, as late usage
  when its period is already closed) or *dispute* (the line is marked, and
  the page links to the disputes filing page).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.kernel.money import Money, round_money
from catalog.kernel.permissions import AnyUser, staff_or_acts_for
from catalog.kernel.workflow import Workflow, action
from finance.invoices.services import InvoiceLineInput, invoice_create
from licensing.contracts.models import Contract
from licensing.royalties import late
from licensing.royalties.models import (
    OutOfLicenceEvent,
    OutOfLicenceLine,
    OutOfLicenceStatus,
    UsageReport,
)
from licensing.terms import RateBasis, Terms

S = OutOfLicenceStatus


def _licensor_or_staff(line: OutOfLicenceLine, user: object) -> bool:
    return staff_or_acts_for(user, line.contract.licensor_id)


WORKFLOW = Workflow(
    name="out_of_licence",
    actions=[
        action("invoice", [S.HELD], S.INVOICED, _licensor_or_staff, label=_("Invoice them")),
        action(
            "accept",
            [S.HELD],
            S.ACCEPTED,
            _licensor_or_staff,
            label=_("Accept as licensed"),
            style="primary",
        ),
        action(
            "dispute",
            [S.HELD],
            S.DISPUTED,
            _licensor_or_staff,
            label=_("Open a dispute"),
            style="danger",
        ),
    ],
    audit_model=OutOfLicenceEvent,
    audit_fk="line",
)

_HOLD_SQL = """
WITH moved AS (
    DELETE FROM royalties_usageline
     WHERE report_id = %(report)s AND contract_id = ANY(%(contracts)s)
       AND (%(rows)s::int[] IS NULL OR row_no = ANY(%(rows)s::int[]))
       AND (%(outside_term)s OR territory <> ALL(%(countries)s)
            OR (%(media)s::text[] IS NOT NULL AND channel <> ALL(%(media)s::text[]))
            OR (%(formats)s::text[] IS NOT NULL AND format <> ''
                AND format <> ALL(%(formats)s::text[])))
 RETURNING *
)
INSERT INTO royalties_outoflicenceline (report_id, row_no, contract_id, work_id, territory,
       channel, format, units, list_amount, net_receipts, currency, matched_by, fingerprint,
       reason, status)
SELECT report_id, row_no, contract_id, work_id, territory, channel, format, units,
       list_amount, net_receipts, currency, matched_by, fingerprint,
       CASE WHEN %(outside_term)s THEN 'term'
            WHEN territory <> ALL(%(countries)s) THEN 'territory'
            WHEN %(media)s::text[] IS NOT NULL AND channel <> ALL(%(media)s::text[])
                 THEN 'channel'
            ELSE 'format' END,
       'held'
  FROM moved
"""


class Licence:
    """What a contract licenses, as usage lines are checked against it."""

    def __init__(self, terms: dict):
        rights = Terms.from_dict(terms).rights
        self.countries = sorted(set().union(*(right.countries() for right in rights)))
        # A right naming no channels (formats) licenses every one; the licence names some
        # only when every right does.
        media = [right.media for right in rights]
        self.media = sorted(set().union(*media)) if media and all(media) else None
        formats = [right.formats for right in rights]
        self.formats = sorted(set().union(*formats)) if formats and all(formats) else None
        self.start: dt.date = min(right.start for right in rights)
        self.end: dt.date = max(right.end for right in rights)

    def outside_term(self, start: dt.date, end: dt.date) -> bool:
        return end < self.start or start > self.end

    def straddles_term(self, start: dt.date, end: dt.date) -> bool:
        return not self.outside_term(start, end) and (start < self.start or end > self.end)


def report_licences(report: UsageReport) -> dict[int, Licence]:
    """The licence of every contract the report's (unposted) lines went to.

    A file can reach thousands of contracts, most on the same rights: each distinct
    rights text is parsed once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT contract_id FROM royalties_usageline WHERE report_id = %s",
            [report.pk],
        )
        ids = [row[0] for row in cursor.fetchall()]
    parsed: dict[str, Licence] = {}
    licences = {}
    for pk, terms in Contract.objects.filter(pk__in=ids).values_list("pk", "terms"):
        key = json.dumps(terms.get("rights"), sort_keys=True)
        if key not in parsed:
            parsed[key] = Licence(terms)
        licences[pk] = parsed[key]
    return licences


def hold_out_of_licence(
    *, report: UsageReport, licences: dict[int, Licence], row_nos: list[int] | None = None
) -> int:
    """Move the report's lines outside their contract's licence into the queue; inside the
    posting transaction. Returns how many lines are held.

    ``row_nos``: only these rows (lines a report already posted gained later, e.g. once
    their values were mapped). One statement per distinct licence, and none for a licence
    that covers every territory, channel and format the report names (the usual case: a
    million-line file costs one GROUP BY, not a pass per contract)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT array_agg(DISTINCT territory), array_agg(DISTINCT channel),
                      array_agg(DISTINCT format) FILTER (WHERE format <> '')
                 FROM royalties_usageline WHERE report_id = %s""",
            [report.pk],
        )
        territories, channels, formats = cursor.fetchone()
    territories, channels = set(territories or ()), set(channels or ())
    formats = set(formats or ())
    groups: dict[int, list[int]] = {}
    by_id = {}
    for contract_id, licence in licences.items():
        groups.setdefault(id(licence), []).append(contract_id)
        by_id[id(licence)] = licence
    held = 0
    with connection.cursor() as cursor:
        for key, contract_ids in groups.items():
            licence = by_id[key]
            outside_term = licence.outside_term(report.period_start, report.period_end)
            if (
                not outside_term
                and territories <= set(licence.countries)
                and (licence.media is None or channels <= set(licence.media))
                and (licence.formats is None or formats <= set(licence.formats))
            ):
                continue
            cursor.execute(
                _HOLD_SQL,
                {
                    "report": report.pk,
                    "contracts": contract_ids,
                    "outside_term": outside_term,
                    "countries": licence.countries,
                    "media": licence.media,
                    "formats": licence.formats,
                    "rows": row_nos,
                },
            )
            held += cursor.rowcount
    return held


def held_lines(*, contract: Contract):
    return (
        OutOfLicenceLine.objects.filter(contract=contract)
        .select_related("report", "work", "contract")
        .order_by("status", "report_id", "row_no")
    )


def _royalty(line: OutOfLicenceLine) -> Decimal:
    """The line's royalty at the contract's rate for its channel and format, the most
    specific first (exact channel, then exact format; written first on a tie). The
    territory is not asked: the line may lie outside every territory the rates name."""
    fitting = [
        (int(r.channel != "*"), int(r.format != "*"), -i, r)
        for i, r in enumerate(line.contract.get_terms().royalty_rates)
        if r.channel in ("*", line.channel) and r.format in ("*", line.format)
    ]
    rate = max(fitting, key=lambda item: item[:3])[3] if fitting else None
    if rate is None:
        return Decimal(0)
    if rate.basis == RateBasis.PER_UNIT:
        return rate.rate * line.units
    basis = line.list_amount if rate.basis == RateBasis.LIST_PRICE else line.net_receipts
    return basis * rate.rate / 100


@transaction.atomic
def held_lines_invoice(*, lines: list[OutOfLicenceLine], user: AnyUser, note: str = ""):
    """Invoice the licensee for held lines of one contract (one invoice, a line each)."""
    locked = _locked(lines)
    for line in locked:
        WORKFLOW.require(line, "invoice", user=user)
    contract = locked[0].contract
    currency = contract.currency
    invoice = invoice_create(
        payer=contract.licensee,
        payee=contract.licensor,
        lines=[
            InvoiceLineInput(
                kind="royalty",
                description=str(
                    _("Use outside the licence: report %(report)s row %(row)s, %(where)s")
                    % {
                        "report": line.report_id,
                        "row": line.row_no,
                        "where": f"{line.territory} {line.channel} × {line.units}",
                    }
                )[:200],
                amount=Money(round_money(_royalty(line), currency), currency),
            )
            for line in locked
        ],
        subject=f"contract:{contract.reference}"[:100],
        # One invoice per set of lines, whatever the retries (invoiced lines are refused too).
        idempotency_key="outlicence:"
        + hashlib.sha256(",".join(str(line.pk) for line in locked).encode()).hexdigest(),
        due_on=timezone.localdate() + dt.timedelta(days=30),
        language=settings.LANGUAGE_CODE,
    )
    for line in locked:
        line.invoice = invoice
        WORKFLOW.apply(line, "invoice", user=user, note=note, update_fields=("invoice",))
    return invoice


@transaction.atomic
def held_lines_accept(*, lines: list[OutOfLicenceLine], user: AnyUser, note: str = "") -> None:
    """Accept held lines as licensed: they become usage lines of their report, stated by
    the next close (as late usage where the period is already closed)."""
    locked = _locked(lines)
    for line in locked:
        WORKFLOW.require(line, "accept", user=user)
    late.licensee_contracts_lock(licensee_id=locked[0].report.licensee_id)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO royalties_usageline (report_id, row_no, contract_id, work_id,
                      territory, channel, format, units, list_amount, net_receipts,
                      currency, matched_by, fingerprint)
               SELECT report_id, row_no, contract_id, work_id, territory, channel, format,
                      units, list_amount, net_receipts, currency, matched_by, fingerprint
                 FROM royalties_outoflicenceline WHERE id = ANY(%s)""",
            [[line.pk for line in locked]],
        )
        for report_id, contract_id in {(line.report_id, line.contract_id) for line in locked}:
            # A record the close already restated is reopened: restating by difference is
            # idempotent, so the next close states only what the accepted lines add.
            cursor.execute(
                """UPDATE royalties_lateusage SET restated_in_id = NULL
                    WHERE report_id = %s AND contract_id = %s""",
                [report_id, contract_id],
            )
    for report in {line.report for line in locked}:
        contracts = sorted({line.contract_id for line in locked if line.report_id == report.pk})
        late.late_usage_record(report=report, contract_ids=contracts)
    for line in locked:
        WORKFLOW.apply(line, "accept", user=user, note=note)


@transaction.atomic
def held_lines_dispute(*, lines: list[OutOfLicenceLine], user: AnyUser, note: str = "") -> None:
    """Mark held lines disputed (the case itself is filed on the disputes page)."""
    for line in _locked(lines):
        WORKFLOW.apply(line, "dispute", user=user, note=note)


def _locked(lines: list[OutOfLicenceLine]) -> list[OutOfLicenceLine]:
    if not lines:
        raise ValidationError({"lines": _("choose at least one held line")})
    locked = list(
        OutOfLicenceLine.objects.select_for_update(of=("self",))
        .select_related("contract", "report", "contract__licensee", "contract__licensor")
        .filter(pk__in=[line.pk for line in lines])
        .order_by("pk")
    )
    if len({line.contract_id for line in locked}) != 1:
        raise ValidationError({"lines": _("held lines of one contract at a time")})
    return locked
