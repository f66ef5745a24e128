"""Late and corrected usage: recorded when it posts, restated by the contract's next close.

The rule (docs/royalties.md, "Late and corrected reports"):

- Usage is *late* for a contract when the contract has a closed period
  ending on or after the start of the usage's period: a report that arrives
  after the close, a correction of a report (``UsageReport.replaces``), or
  queued lines matched by hand afterwards. Posting it records a
  ``LateUsage`` row per contract that received (or, for a correction, lost)
  lines; nothing is lost because the record is written in the transaction
  that posts the lines, under a share lock on the licensee's contracts that
  a close holds exclusively (so a close either saw the lines or the record
  exists).
- The contract's next close restates: it recomputes the contract's whole
  chain of stated periods (every closed period and every period that late
  usage was recorded for, oldest first) from the usage posted now, as if
  every line had arrived on time — escalator positions and the rounding
  residue carried from period to period exactly as the on-time closes would
  have — and states, per period and line (work, channel, territory,
  format), the difference between the recomputed royalty and what has been
  stated for it so far (earnings plus earlier adjustments) as an adjustment
  line that names the period restated and the late reports with their row
  numbers. A period's escalator position thus counts every unit of earlier
  periods, late or not; a later period that a late unit pushes into a
  higher tier is restated too (its adjustment names no report: only the
  position moved). The period being closed continues from the recomputed
  chain's position and residue.
- Restating by difference makes it idempotent: the same usage restated
  twice gives differences of zero, so a replayed close, a record written
  twice or a correction posted again can never count a line twice, and the
  statements over all closes add up to one on-time computation.
- A correction of report N supersedes N when it posts (refused if N is no
  longer live: a report is corrected once, by the database too); its
  period then carries the correction's lines instead of N's.
"""

from __future__ import annotations

from django.db import connection

from licensing.royalties.models import UsageReport

# Contracts whose close has passed the period: a closed period ending on or after its start.
_RECORD_SQL = """
INSERT INTO royalties_lateusage (contract_id, period, report_id, created_at)
SELECT c.id, %(period)s, %(report)s, now()
  FROM unnest(%(contracts)s::bigint[]) AS c(id)
 WHERE EXISTS (SELECT 1 FROM royalties_royaltyperiod p
                WHERE p.contract_id = c.id AND p.period_end >= %(start)s)
ON CONFLICT (contract_id, period, report_id) DO NOTHING
"""


def licensee_contracts_lock(*, licensee_id: int) -> None:
    """Share-lock the licensee's contracts until commit: a close (which locks them for
    update) waits for the posting, or the posting waits for the close to commit."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM contracts_contract WHERE licensee_id = %s ORDER BY id FOR SHARE",
            [licensee_id],
        )


def licensee_closed_since(*, licensee_id: int, start) -> bool:
    """Whether any contract of the licensee has closed a period ending on or after ``start``
    (if not, nothing it posts now is late, and its lines need not be read)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT EXISTS (SELECT 1 FROM royalties_royaltyperiod p
                  JOIN contracts_contract c ON c.id = p.contract_id
                 WHERE c.licensee_id = %s AND p.period_end >= %s)""",
            [licensee_id, start],
        )
        return cursor.fetchone()[0]


def report_contract_ids(report_ids: list[int]) -> list[int]:
    """The contracts the reports' lines went to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT contract_id FROM royalties_usageline WHERE report_id = ANY(%s)",
            [report_ids],
        )
        return [row[0] for row in cursor.fetchall()]


def late_usage_record(*, report: UsageReport, contract_ids: list[int]) -> int:
    """Record ``report``'s usage as late for those of ``contract_ids`` already closed past
    its period; inside the posting transaction, after ``licensee_contracts_lock``.
    Returns how many records are new (an existing one is kept: idempotent)."""
    if not contract_ids:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            _RECORD_SQL,
            {
                "period": report.period,
                "report": report.pk,
                "contracts": sorted(contract_ids),
                "start": report.period_start,
            },
        )
        return cursor.rowcount
