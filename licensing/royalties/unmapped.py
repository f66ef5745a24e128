"""Rows held for a value nothing maps, and their second chance once it is mapped.

The import (``ingest.RowChecker``) holds a row whose channel, format or territory value
neither the licensee's value maps nor the built-in vocabularies know (vocabulary.py) as
an ``UnmappedRow``: not a bad row, with the file's raw values kept. After the licensee
maps the value (``services.usage_value_map_save``), ``resolve_report`` checks the held
rows of a report again with the same ``RowChecker`` — no re-upload — and the rows that
now resolve join the report as the import would have placed them: matched (identifiers,
remembered matches, fuzzy titles), attributed to the licensee's contract for the work,
as usage lines, unmatched lines or bad rows (a work the licensee has no contract for).

- A report not yet posted (awaiting review, review.py) only gains lines: its posting
  checks them with the rest.
- A posted report gains them as posted usage: lines outside the licence are held for
  the licensor (outlicence.py, these rows only), and a period a close has passed records
  them as late usage (late.py), so the next close restates it.
"""

from __future__ import annotations

from django.db import connection

from licensing.royalties import ingest, late, outlicence
from licensing.royalties.models import (
    QuarantinedRow,
    ReportStatus,
    UnmappedRow,
    UsageReport,
)

# The reports whose held rows may be resolved: posted, or read and awaiting review.
RESOLVABLE = (ReportStatus.POSTED, ReportStatus.REVIEW)


def resolve_report(report: UsageReport) -> tuple[int, int]:
    """Check the report's held rows again; returns (rows that joined, rows still held).

    Inside the caller's transaction, with the report locked."""
    checker = ingest.RowChecker(report=report, default_currency=report.contract.currency)
    held = list(UnmappedRow.objects.select_for_update().filter(report=report).order_by("row_no"))
    staged, still, bad, warnings = [], [], [], []
    for row in held:
        line, problems, row_warnings = checker.check(row.row_no, tuple(row.values))
        if line is not None:
            staged.append(line)
            warnings += [(row.row_no, *warning) for warning in row_warnings]
        elif ingest.unmapped_only(problems):
            values = {field: value[:200] for field, value, _reason in problems}
            if (
                values.get("channel", ""),
                values.get("format", ""),
                values.get("territory", ""),
            ) != (
                row.channel,
                row.format,
                row.territory,
            ):
                still.append((row, values))  # one value of several is mapped now
        else:
            # Only a mapping changed since the read, so this is rare (a map to a value the
            # row's other fields then contradict, e.g. a currency rule): a bad row as then.
            bad += [(row.row_no, *problem) for problem in problems]
    resolved_rows = {line[1] for line in staged} | {row_no for row_no, *_rest in bad}
    for row, values in still:
        row.channel = values.get("channel", "")
        row.format = values.get("format", "")
        row.territory = values.get("territory", "")
        row.save(update_fields=["channel", "format", "territory"])
    UnmappedRow.objects.filter(report=report, row_no__in=resolved_rows).delete()
    QuarantinedRow.objects.bulk_create(
        [
            QuarantinedRow(report=report, row_no=row_no, field=f, value=str(v)[:200], reason=r)
            for row_no, f, v, r in bad
        ]
        + [
            QuarantinedRow(
                report=report, row_no=row_no, field=f, value=str(v)[:200], reason=r, warning=True
            )
            for row_no, f, v, r in warnings
        ]
    )
    counts = {"good": 0, "unmatched": 0, "bad": len({row_no for row_no, *_rest in bad})}
    if staged:
        counts = _place(report, staged, counts)
    report.unmapped_rows = len(held) - len(resolved_rows)
    report.good_rows += counts["good"]
    report.unmatched_rows += counts["unmatched"]
    report.bad_rows += counts["bad"]
    report.save(update_fields=["unmapped_rows", "good_rows", "unmatched_rows", "bad_rows"])
    return len(resolved_rows), report.unmapped_rows


def _place(report: UsageReport, staged: list, counts: dict) -> dict:
    """Staged rows → matched and attributed, then usage / unmatched / bad as the import."""
    with connection.cursor() as cursor, cursor.cursor.copy(ingest.STAGING_COPY) as copy:
        for line in staged:
            copy.write_row(line)
    ingest.match_staging(report=report)
    rows = [line[1] for line in staged]
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO royalties_quarantinedrow (report_id, row_no, field, value, reason,
                      warning)
               SELECT report_id, row_no, 'identifier', left(coalesce(nullif(identifier, ''),
                      title), 200), 'the licensee has no contract for this work', false
                 FROM royalties_staging
                WHERE report_id = %s AND work_id IS NOT NULL AND contract_id IS NULL""",
            [report.pk],
        )
        counts["bad"] += cursor.rowcount
        cursor.execute(
            """INSERT INTO royalties_usageline (report_id, row_no, contract_id, work_id,
                      territory, channel, format, units, list_amount, net_receipts,
                      currency, matched_by, fingerprint)
               SELECT report_id, row_no, contract_id, work_id, territory, channel, format,
                      units, list_amount, net_receipts, currency, matched_by, fingerprint
                 FROM royalties_staging WHERE report_id = %s AND contract_id IS NOT NULL
            RETURNING contract_id""",
            [report.pk],
        )
        inserted = cursor.fetchall()
        counts["good"] += len(inserted)
        contract_ids = sorted({row[0] for row in inserted})
        cursor.execute(
            """INSERT INTO royalties_unmatchedline (report_id, row_no, match_key, identifier,
                      title, creator, territory, channel, format, units, list_amount,
                      net_receipts, currency, resolved, fingerprint)
               SELECT report_id, row_no, match_key, identifier, title, creator, territory,
                      channel, format, units, list_amount, net_receipts, currency, false,
                      fingerprint
                 FROM royalties_staging WHERE report_id = %s AND work_id IS NULL""",
            [report.pk],
        )
        counts["unmatched"] += cursor.rowcount
        cursor.execute("DELETE FROM royalties_staging WHERE report_id = %s", [report.pk])
    if report.status == ReportStatus.POSTED and contract_ids:
        licences = outlicence.report_licences(report)
        report.held_rows += outlicence.hold_out_of_licence(
            report=report, licences=licences, row_nos=rows
        )
        report.save(update_fields=["held_rows"])
        late.licensee_contracts_lock(licensee_id=report.licensee_id)
        if late.licensee_closed_since(licensee_id=report.licensee_id, start=report.period_start):
            late.late_usage_record(report=report, contract_ids=contract_ids)
    return counts
