"""Usage a report repeats: lines another of the licensee's reports already carries, and
periods of another length that cover the same months.

The rule (docs/royalties.md, "Overlapping reports and the review stage"):

- Every good row gets a *fingerprint* while it is read: a 64-bit hash of what identifies
  the sale — the match key (identifier, or normalised title and creator), territory,
  channel, format, period, units, list price, net receipts and the licensee's own line
  id where the file has one (``line_id``). It is stored on the staged row and on the
  usage, unmatched and held line the row becomes.
- A new report's line *overlaps* when a live line of the same licensee has its
  fingerprint: a usage line, an unmatched line still queued or a line held outside the
  licence, of any of the licensee's posted reports under any contract — not of a report
  superseded, or the one the new report corrects. Found by one set-based join
  (``line_overlaps``), never a query per row.
- A report's *period overlaps* when another posted report of the licensee, for a period
  of another length covering some of the same months (2026-Q4 against 2026-H2, 2026-11
  or 2026), carries lines for the same contract and work.
- Either stops the report before it posts (``ReportStatus.REVIEW``); review.py decides.

Two lines of one sale sent twice without a line id look the same as two identical
sales: a file with genuinely repeated rows should carry its own line ids.
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from licensing.royalties.models import UsageReport

_SEP = "\x1f"


_blake2b = hashlib.blake2b
_from_bytes = int.from_bytes


def fingerprint(
    *,
    match_key: str,
    territory: str,
    channel: str,
    format: str,
    period: str,
    units: int,
    price: str,
    net: str,
    line_id: str,
) -> int:
    """The row's 64-bit fingerprint (a signed bigint): blake2b of its identifying fields.

    Called once per good row while a file is read, so it stays cheap (a few microseconds):
    the amounts have passed the checker's ``-?digits[.digits]`` test, and trailing zeros
    of their decimals are dropped so that "12.5" and "12.50" hash alike."""
    if "." in price:
        price = price.rstrip("0").rstrip(".")
    if "." in net:
        net = net.rstrip("0").rstrip(".")
    text = (
        f"{match_key}{_SEP}{territory}{_SEP}{channel}{_SEP}{format.casefold()}{_SEP}{period}"
        f"{_SEP}{units}{_SEP}{price}{_SEP}{net}{_SEP}{line_id}"
    )
    return _from_bytes(_blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


# The new report's lines (usage and queued), and the licensee's live lines they repeat.
# Reports of the licensee first (an index on usage reports), then lines by fingerprint.
_LIVE_LINES = """
  live_reports AS (
    SELECT id FROM royalties_usagereport
     WHERE licensee_id = %(licensee)s AND status = 'posted' AND id <> %(report)s
       AND id IS DISTINCT FROM %(replaces)s
  ),
  new_lines AS (
    SELECT row_no, fingerprint, net_receipts, units FROM royalties_usageline
     WHERE report_id = %(report)s AND fingerprint IS NOT NULL
    UNION ALL
    SELECT row_no, fingerprint, net_receipts, units FROM royalties_unmatchedline
     WHERE report_id = %(report)s AND fingerprint IS NOT NULL
  ),
  old_lines AS (
    SELECT l.fingerprint, l.report_id, l.row_no FROM royalties_usageline l
      JOIN new_lines n ON n.fingerprint = l.fingerprint
     WHERE l.report_id IN (SELECT id FROM live_reports)
    UNION ALL
    SELECT u.fingerprint, u.report_id, u.row_no FROM royalties_unmatchedline u
      JOIN new_lines n ON n.fingerprint = u.fingerprint
     WHERE NOT u.resolved AND u.report_id IN (SELECT id FROM live_reports)
    UNION ALL
    SELECT h.fingerprint, h.report_id, h.row_no FROM royalties_outoflicenceline h
      JOIN new_lines n ON n.fingerprint = h.fingerprint
     WHERE h.status <> 'accepted' AND h.report_id IN (SELECT id FROM live_reports)
  ),
  hits AS (
    SELECT DISTINCT ON (n.row_no) n.row_no, n.units, n.net_receipts, n.fingerprint,
           o.report_id AS old_report, o.row_no AS old_row
      FROM new_lines n JOIN old_lines o ON o.fingerprint = n.fingerprint
     ORDER BY n.row_no, o.report_id, o.row_no
  )
"""


@dataclass
class ReportOverlap:
    """Lines of the new report that repeat one earlier report."""

    report: UsageReport
    lines: int
    units: int
    net_receipts: Decimal
    sample: list[tuple[int, int]] = field(default_factory=list)  # (new row, earlier row)


@dataclass
class PeriodOverlap:
    """An earlier report for a period of another length covering some of the same months."""

    report: UsageReport
    lines: int  # its lines for the contracts and works the new report carries
    net_receipts: Decimal


@dataclass
class Overlaps:
    lines: list[ReportOverlap]
    periods: list[PeriodOverlap]

    @property
    def line_count(self) -> int:
        return sum(o.lines for o in self.lines)

    @property
    def net_receipts(self) -> Decimal:
        return sum((o.net_receipts for o in self.lines), Decimal(0))

    @property
    def reports(self) -> list[UsageReport]:
        seen = {o.report.pk: o.report for o in self.lines}
        seen.update({o.report.pk: o.report for o in self.periods})
        return [seen[pk] for pk in sorted(seen)]

    def __bool__(self) -> bool:
        return bool(self.lines or self.periods)


@contextmanager
def _cursor():
    """A cursor with JIT off until the transaction ends: the planner's estimate for a join
    on fingerprints is far too high, and PostgreSQL spent 2.9 s compiling a query over
    200,000 new lines that then ran in under half a second."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield cursor


def _params(report: UsageReport) -> dict:
    return {"licensee": report.licensee_id, "report": report.pk, "replaces": report.replaces_id}


def line_overlaps(report: UsageReport, *, sample: int = 5) -> list[ReportOverlap]:
    """Per earlier report: how many of ``report``'s lines repeat it, and a few of them."""
    with _cursor() as cursor:
        cursor.execute(
            f"""WITH {_LIVE_LINES}
                SELECT old_report, count(*), coalesce(sum(units), 0),
                       coalesce(sum(net_receipts), 0),
                       (array_agg(ARRAY[row_no, old_row] ORDER BY row_no))[1:%(sample)s]
                  FROM hits GROUP BY old_report ORDER BY old_report""",  # noqa: S608 (constant)
            {**_params(report), "sample": sample},
        )
        rows = cursor.fetchall()
    reports = UsageReport.objects.in_bulk([r[0] for r in rows])
    return [
        ReportOverlap(
            report=reports[old],
            lines=count,
            units=units,
            net_receipts=net,
            sample=[(pair[0], pair[1]) for pair in pairs],
        )
        for old, count, units, net, pairs in rows
    ]


def skip_overlapping_lines(report: UsageReport) -> tuple[int, int]:
    """Delete ``report``'s lines that repeat a live line (before it posts); returns how many
    usage lines and queued (unmatched) lines went."""
    with _cursor() as cursor:
        cursor.execute(
            f"""WITH {_LIVE_LINES},
                gone_usage AS (
                  DELETE FROM royalties_usageline l USING hits h
                   WHERE l.report_id = %(report)s AND l.row_no = h.row_no RETURNING 1),
                gone_queued AS (
                  DELETE FROM royalties_unmatchedline u USING hits h
                   WHERE u.report_id = %(report)s AND u.row_no = h.row_no RETURNING 1)
                SELECT (SELECT count(*) FROM gone_usage), (SELECT count(*) FROM gone_queued)""",  # noqa: S608 (constant)
            _params(report),
        )
        usage, queued = cursor.fetchone()
    return usage, queued


def period_overlaps(report: UsageReport) -> list[PeriodOverlap]:
    """Earlier posted reports of the licensee for a period of another length that shares
    months with ``report``'s, with lines for a (contract, work) ``report`` has lines for."""
    with _cursor() as cursor:
        cursor.execute(
            """
            WITH mine AS (
              SELECT DISTINCT contract_id, work_id FROM royalties_usageline
               WHERE report_id = %(report)s)
            SELECT r.id, count(*), coalesce(sum(l.net_receipts), 0)
              FROM royalties_usagereport r
              JOIN royalties_usageline l ON l.report_id = r.id
              JOIN mine m ON m.contract_id = l.contract_id AND m.work_id = l.work_id
             WHERE r.licensee_id = %(licensee)s AND r.status = 'posted'
               AND r.id <> %(report)s AND r.id IS DISTINCT FROM %(replaces)s
               AND r.period <> %(period)s
               AND r.period_start <= %(end)s AND r.period_end >= %(start)s
             GROUP BY r.id ORDER BY r.id
            """,
            {
                **_params(report),
                "period": report.period,
                "start": report.period_start,
                "end": report.period_end,
            },
        )
        rows = cursor.fetchall()
    reports = UsageReport.objects.in_bulk([r[0] for r in rows])
    return [
        PeriodOverlap(report=reports[pk], lines=count, net_receipts=net) for pk, count, net in rows
    ]


def overlaps(report: UsageReport) -> Overlaps:
    return Overlaps(lines=line_overlaps(report), periods=period_overlaps(report))


def licensee_posting_lock(*, licensee_id: int) -> None:
    """Serialise the overlap check and the posting of one licensee's reports until commit:
    two reports carrying the same lines, posting at once, would each miss the other's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended('royalties-posting', %s))",
            [licensee_id],
        )
