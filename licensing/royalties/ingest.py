"""Usage import: stream a file into the database with COPY, match, post or reject.

Stages (docs/royalties.md): read + validate rows in Python (one pass, bounded
memory, bad rows to a temporary quarantine file) → COPY rows whose identifier
is a work the licensee holds a contract for straight into usage lines (not
visible until the report is posted), and every other good row into the
UNLOGGED ``royalties_staging`` table → set-based matching of the staged rows
(identifiers, remembered hand matches, then rapidfuzz over distinct titles)
and contract attribution → one transaction that either posts the report (if
the bad rows are within the threshold) or deletes its lines and posts nothing.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.copy import QueuedLibpqWriter
from psycopg.types.json import Jsonb

from catalog.identifiers import normalise_identifier
from catalog.kernel.money import STRIPE_CURRENCIES
from licensing.royalties import late, outlicence, overlap, sanity, vocabulary
from licensing.royalties.models import (
    ColumnMapping,
    QuarantinedRow,
    ReportStatus,
    UsageReport,
)
from licensing.royalties.readers import DEFAULT_MAPPING, READERS

Progress = Callable[[int], None]  # called with the number of rows read so far
CHUNK = 50_000
# UNMAPPED: the reason of a problem that holds a row until its value is mapped
# (UnmappedRow) rather than quarantining it; a row with only such problems is not bad.
UNMAPPED = vocabulary.UNMAPPED
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]")


def bad_row_threshold() -> Decimal:
    """Percent of bad rows above which a file posts nothing (setting, default 1 %)."""
    return Decimal(str(getattr(settings, "ROYALTIES_BAD_ROW_THRESHOLD_PERCENT", "1")))


def fuzzy_threshold() -> int:
    return int(getattr(settings, "ROYALTIES_FUZZY_THRESHOLD", 90))


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def normalise_text(value: str) -> str:
    """Case-, accent- and punctuation-blind form of a title or creator name."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).casefold()
    return _SPACE.sub(" ", _PUNCT.sub(" ", value)).strip()


@lru_cache(maxsize=200_000)
def _identifier(scheme: str, raw: str) -> str | None:
    try:
        return normalise_identifier(scheme, raw)
    except ValidationError:
        return None


@lru_cache(maxsize=20_000)  # list prices repeat across a file's rows
def _price(raw: str) -> Decimal | None:
    return Decimal(raw) if _NUMBER.match(raw) else None


@lru_cache(maxsize=200_000)
def _title_key(title: str, creator: str) -> str:
    return f"t:{normalise_text(title)}|{normalise_text(creator)}"


def stored_mapping(licensee, format: str) -> dict[str, str]:
    """The licensee's own headers for ``format`` (only the fields it changed)."""
    stored = ColumnMapping.objects.filter(licensee=licensee, format=format).first()
    return dict(stored.mapping) if stored else {}


def mapping_for(licensee, format: str) -> dict[str, str]:
    if format == "dsr":
        return {}
    return {**DEFAULT_MAPPING, **stored_mapping(licensee, format)}


class RowChecker:
    """Turns a raw row into a staging tuple, or into (field, value, reason) problems."""

    def __init__(self, *, report: UsageReport, default_currency: str):
        self.report_id = report.pk
        self.period = report.period
        self.default_currency = default_currency
        self.contract_currency = report.contract.currency
        self.modes = sanity.rule_modes()
        self.tolerance = sanity.tolerance()
        # The licensee's value maps over the built-in vocabularies: one query, then a
        # dict look-up per row on the raw spelling (vocabulary.py).
        self.values = vocabulary.resolver_for(report.licensee_id)

    def check(self, row_no: int, values: tuple[str, ...]):
        """``values`` in ``readers.FIELDS`` order; returns (staging tuple, None, warnings) or
        (None, problems, warnings)."""
        (
            isbn,
            isrc,
            iswc,
            generic,
            title,
            creator,
            territory,
            channel,
            fmt,
            units_raw,
            price_raw,
            net_raw,
            currency,
            period,
            gross_raw,
            line_id,
        ) = values
        problems = []
        warnings = []
        scheme = identifier = ""
        for candidate, raw in (("isbn", isbn), ("isrc", isrc), ("iswc", iswc)):
            raw = raw.strip()
            if raw:
                normal = _identifier(candidate, raw)
                if normal is None:
                    problems.append((candidate, raw, f"not a valid {candidate.upper()}"))
                else:
                    scheme, identifier = candidate, normal
                    break
        generic = generic.strip()
        title = title.strip()[:300]
        creator = creator.strip()[:200]
        if not identifier and not problems and generic:
            scheme, identifier = "ref", generic[:64]
        if not identifier and not title and not problems:
            problems.append(("title", "", "no identifier and no title"))
        # A value nothing maps is not a bad value: the row is held as unmapped (reason
        # UNMAPPED) until the licensee says what it means — never guessed, never "other".
        # One dict hit per row: the three cells' raw spellings, resolved once (vocabulary.py).
        territory, channel, fmt, held = self.values.cells(territory, channel, fmt)
        if held:
            problems += held
        units_raw = units_raw.strip()
        try:
            units = int(units_raw)
        except ValueError:
            units = 0
            problems.append(("units", units_raw, "not a whole number"))
        price_raw = price_raw.strip() or "0"
        net = net_raw.strip() or "0"
        list_amount = None
        price = _price(price_raw)
        if price is not None:
            list_amount = price * units
        else:
            problems.append(("list_price", price_raw, "not a number"))
        if not _NUMBER.match(net):
            problems.append(("net_receipts", net, "not a number"))
        currency = currency.strip().upper() or self.default_currency
        if currency not in STRIPE_CURRENCIES:
            problems.append(("currency", currency, "not a supported currency"))
        elif currency != self.contract_currency:
            (problems if self.modes["currency"] == sanity.QUARANTINE else warnings).append(
                ("currency", currency, f"the contract is in {self.contract_currency}")
            )
        gross_raw = gross_raw.strip()
        gross = _price(gross_raw) if gross_raw else None
        if gross_raw and gross is None:
            problems.append(("gross", gross_raw, "not a number"))
        elif not problems:  # amounts that parsed, on a row otherwise good
            for rule, field, value, reason in sanity.amount_problems(
                units=units, price=price, net=Decimal(net), gross=gross, tol=self.tolerance
            ):
                target = problems if self.modes[rule] == sanity.QUARANTINE else warnings
                target.append((field, value, reason))
        period = period.strip().upper()
        if period and period != self.period:
            problems.append(("period", period, f"the report is for {self.period}"))
        if problems:
            return None, problems, warnings
        if identifier and scheme != "ref":
            key = f"id:{scheme}:{identifier}"
        elif title:
            key = _title_key(title, creator)
        else:
            key = f"id:ref:{identifier}"
        return (
            (
                self.report_id,
                row_no,
                scheme,
                identifier,
                key,
                title,
                creator,
                territory,
                channel,
                fmt,
                units,
                list_amount,
                net,
                currency,
                overlap.fingerprint(
                    match_key=key,
                    territory=territory,
                    channel=channel,
                    format=fmt,
                    period=self.period,
                    units=units,
                    price=price_raw,
                    net=net,
                    line_id=line_id.strip(),
                ),
            ),
            None,
            warnings,
        )


STAGING_COPY = (
    "COPY royalties_staging (report_id, row_no, scheme, identifier, match_key, title, creator,"
    " territory, channel, format, units, list_amount, net_receipts, currency, fingerprint)"
    " FROM STDIN"
)
USAGE_COPY = (
    "COPY royalties_usageline (report_id, row_no, contract_id, work_id, territory, channel,"
    " format, units, list_amount, net_receipts, currency, matched_by, fingerprint) FROM STDIN"
)
# The licensee's contract for each work; an active version first, then the latest ended
# one (usage is often reported after a term ends).
CONTRACT_PER_WORK = """
SELECT DISTINCT ON (work_id) work_id, id FROM contracts_contract
 WHERE licensee_id = %s AND status IN ('active', 'expired', 'terminated')
 ORDER BY work_id, (status = 'active') DESC, version DESC, id DESC
"""


def contracted_identifiers(licensee_id: int) -> dict[tuple[str, str], tuple[int, int]]:
    """(scheme, identifier) → (work, contract) for every work the licensee holds a contract for.

    Identifiers are unique across the catalogue, so a row whose identifier is
    here matches exactly as the SQL matching would, and can skip staging. Its
    size is the licensee's contracts, not the file.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT wi.scheme, wi.value, c.work_id, c.id
                  FROM catalog_workidentifier wi JOIN ({CONTRACT_PER_WORK}) c
                    ON c.work_id = wi.work_id""",  # noqa: S608 (module constants only)
            [licensee_id],
        )
        return {(scheme, value): (work, contract) for scheme, value, work, contract in cursor}


def stream_to_staging(
    *, report: UsageReport, path: str, default_currency: str, progress: Progress | None = None
) -> tuple[int, int, str]:
    """Read the file once: bad rows into a temp CSV, good rows into the database.

    A good row whose identifier belongs to a work the licensee has a contract
    for is COPY'd straight into ``royalties_usageline`` (invisible until the
    report is posted; deleted if it is rejected); every other good row is
    COPY'd into staging for the set-based matching. Returns (rows read, bad
    rows, path of the quarantine CSV).
    """
    reader = READERS[report.format](path, mapping_for(report.licensee, report.format))
    checker = RowChecker(report=report, default_currency=default_currency)
    direct = contracted_identifiers(report.licensee_id)
    fd, bad_path = tempfile.mkstemp(prefix=f"usage-{report.pk}-", suffix=".csv")
    total = bad = 0
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as bad_file:
        bad_writer = csv.writer(bad_file)
        exhausted = False
        while not exhausted:
            # Chunk by chunk: between chunks the job page's progress is updated.
            rows = list(itertools.islice(reader, CHUNK))  # a broken file raises here, not mid-COPY
            exhausted = len(rows) < CHUNK
            staged_rows = []
            held_rows = []
            failure = None
            with (
                connection.cursor() as cursor,
                # A writer thread sends while this one parses the next rows: PostgreSQL and
                # Python work side by side instead of taking turns.
                cursor.cursor.copy(USAGE_COPY, writer=QueuedLibpqWriter(cursor.cursor)) as copy,
            ):
                try:
                    bad += _split_rows(
                        rows, checker, direct, copy.write, staged_rows, bad_writer, held_rows
                    )
                except Exception as exc:
                    # Raised once the COPY has ended cleanly: an aborted COPY would poison
                    # the caller's transaction, and the caller must still clean up.
                    failure = exc
            if failure is not None:
                raise failure
            if staged_rows:
                with connection.cursor() as cursor, cursor.cursor.copy(STAGING_COPY) as copy:
                    for staged in staged_rows:
                        copy.write_row(staged)
            if held_rows:
                hold_unmapped(report_id=report.pk, rows=held_rows)
            total += len(rows)
            if progress:
                progress(total)
    return total, bad, bad_path


# COPY text format: these four characters are the only ones a field must escape.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def unmapped_only(problems) -> bool:
    """Whether a row's problems only hold it until a value is mapped (not a bad row)."""
    return all(reason == UNMAPPED for _field, _value, reason in problems)


def hold_unmapped(*, report_id: int, rows: list) -> None:
    """COPY rows held for an unmapped value into ``UnmappedRow``: the raw values (to be
    checked again once mapped) and, per kind, the value nothing maps."""
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            'COPY royalties_unmappedrow (report_id, row_no, "values", channel, format,'
            " territory) FROM STDIN"
        ) as copy,
    ):
        for row_no, values, problems in rows:
            held = {field: value[:200] for field, value, _reason in problems}
            copy.write_row(
                (
                    report_id,
                    row_no,
                    Jsonb(list(values)),
                    held.get("channel", ""),
                    held.get("format", ""),
                    held.get("territory", ""),
                )
            )


def _split_rows(
    rows, checker: RowChecker, direct: dict, write, staged_rows: list, bad_writer, held: list
):
    """Check a chunk: bad rows to the quarantine file, rows of a contracted identifier to
    ``write`` (the usage COPY, as text lines), rows with a value nothing maps to ``held``
    (row_no, raw values, problems), the rest to ``staged_rows``. Returns the bad-row count.

    The COPY lines are formatted here rather than by ``write_row``: every field is
    already a validated code, number or the contract's ids except the free-text format,
    which is escaped — a third of the per-row cost of a million-row file.
    """
    bad = 0
    report_id = checker.report_id
    lines = []
    for row_no, values in rows:
        staged, problems, warnings = checker.check(row_no, values)
        for field, value, reason in warnings:
            bad_writer.writerow([report_id, row_no, field, str(value)[:200], reason, "t"])
        if problems:
            if unmapped_only(problems):
                held.append((row_no, values, problems))
                continue
            bad += 1
            for field, value, reason in problems:
                bad_writer.writerow([report_id, row_no, field, str(value)[:200], reason, "f"])
            continue
        hit = direct.get((staged[2], staged[3]))
        if hit is None:
            staged_rows.append(staged)
            continue
        _, _, _, _, _, _, _, territory, channel, fmt, units, list_amount, net, currency, fp = staged
        lines.append(
            f"{report_id}\t{row_no}\t{hit[1]}\t{hit[0]}\t{territory}\t{channel}\t"
            f"{fmt.translate(_COPY_ESCAPES)}\t{units}\t{list_amount}\t{net}\t{currency}"
            f"\tidentifier\t{fp}\n"
        )
        if len(lines) == 2000:
            write("".join(lines))
            lines.clear()
    if lines:
        write("".join(lines))
    return bad


def match_staging(*, report: UsageReport) -> None:
    """Identifiers, then the hand matches the report's licensor remembered, then fuzzy titles."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE royalties_staging s SET work_id = wi.work_id, matched_by = 'identifier'
              FROM catalog_workidentifier wi
             WHERE s.report_id = %s AND s.scheme = wi.scheme AND s.identifier = wi.value
            """,
            [report.pk],
        )
        cursor.execute(
            """
            UPDATE royalties_staging s SET work_id = r.work_id, matched_by = 'rule'
              FROM royalties_matchrule r
             WHERE s.report_id = %s AND s.work_id IS NULL
               AND r.licensee_id = %s AND r.licensor_id = %s AND r.match_key = s.match_key
            """,
            [report.pk, report.licensee_id, report.contract.licensor_id],
        )
        cursor.execute(
            """SELECT DISTINCT match_key, title, creator FROM royalties_staging
                WHERE report_id = %s AND work_id IS NULL AND title <> ''""",
            [report.pk],
        )
        pending = cursor.fetchall()
    if pending:
        _fuzzy_match(report, pending)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE royalties_staging s SET contract_id = c.id
                  FROM ({CONTRACT_PER_WORK}) c
                 WHERE s.report_id = %s AND s.work_id = c.work_id""",  # noqa: S608 (constants)
            [report.licensee_id, report.pk],
        )


def _fuzzy_match(report: UsageReport, pending: list[tuple[str, str, str]]) -> None:
    from rapidfuzz import fuzz, process  # C extension, loaded only when titles need it

    from licensing.royalties.selectors import licensee_candidate_works

    choices = licensee_candidate_works(licensee_id=report.licensee_id)
    if not choices:
        return
    keys = list(choices)
    threshold = fuzzy_threshold()
    found = []
    for match_key, title, creator in pending:
        query = normalise_text(f"{title} {creator}")
        exact = choices.get(query) or choices.get(normalise_text(title))
        if exact is not None:  # most title-only rows spell the title as the catalogue does
            found.append((match_key, exact))
            continue
        best = process.extractOne(query, keys, scorer=fuzz.token_sort_ratio, score_cutoff=threshold)
        if best is None:
            # A creator missing on one side should not sink an exact title.
            best = process.extractOne(
                normalise_text(title),
                keys,
                scorer=fuzz.token_set_ratio,
                score_cutoff=max(threshold, 95),
            )
        if best is not None:
            found.append((match_key, choices[best[0]]))
    if not found:
        return
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS royalties_fuzzy (k text, w bigint)")
        cursor.execute("TRUNCATE royalties_fuzzy")
        with cursor.cursor.copy("COPY royalties_fuzzy (k, w) FROM STDIN") as copy:
            for row in found:
                copy.write_row(row)
        cursor.execute(
            """UPDATE royalties_staging s SET work_id = f.w, matched_by = 'fuzzy'
                 FROM royalties_fuzzy f WHERE s.report_id = %s AND s.work_id IS NULL
                  AND s.match_key = f.k""",
            [report.pk],
        )


def finish_import(*, report: UsageReport, total: int, bad: int, bad_path: str) -> UsageReport:
    """All or nothing: post the good rows if the bad ones are within the threshold."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A work this licensee holds no contract for is a bad row, not a match to queue.
            cursor.execute(
                """
                INSERT INTO royalties_quarantinedrow (report_id, row_no, field, value, reason,
                       warning)
                SELECT report_id, row_no, 'identifier', left(coalesce(nullif(identifier, ''),
                       title), 200), 'the licensee has no contract for this work', false
                  FROM royalties_staging
                 WHERE report_id = %s AND work_id IS NOT NULL AND contract_id IS NULL
                """,
                [report.pk],
            )
            no_contract = cursor.rowcount
            cursor.execute(
                "SELECT count(*) FROM royalties_staging WHERE report_id = %s", [report.pk]
            )
            staged = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM royalties_unmappedrow WHERE report_id = %s", [report.pk]
            )
            report.unmapped_rows = cursor.fetchone()[0]
            # Good rows that went straight into usage lines during the read.
            direct = total - bad - staged - report.unmapped_rows
            with (
                open(bad_path, encoding="utf-8") as handle,
                cursor.cursor.copy(
                    "COPY royalties_quarantinedrow (report_id, row_no, field, value, reason,"
                    " warning) FROM STDIN WITH (FORMAT csv)"
                ) as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
            bad += no_contract
            limit = bad_row_threshold()
            report.total_rows, report.bad_rows = total, bad
            if total == 0 or Decimal(bad) * 100 > limit * total:
                report.status = ReportStatus.REJECTED
                report.error = (
                    f"{bad} of {total} rows are bad (more than {limit} %): nothing was posted"
                    if total
                    else "the file has no usage rows"
                )
                report.good_rows = report.unmatched_rows = 0
                # The rows COPY'd straight into usage during the read go with the rest.
                cursor.execute("DELETE FROM royalties_usageline WHERE report_id = %s", [report.pk])
            else:
                cursor.execute(
                    """
                    INSERT INTO royalties_usageline (report_id, row_no, contract_id, work_id,
                           territory, channel, format, units, list_amount, net_receipts,
                           currency, matched_by, fingerprint)
                    SELECT report_id, row_no, contract_id, work_id, territory, channel, format,
                           units, list_amount, net_receipts, currency, matched_by, fingerprint
                      FROM royalties_staging WHERE report_id = %s AND contract_id IS NOT NULL
                    """,
                    [report.pk],
                )
                report.good_rows = direct + cursor.rowcount
                cursor.execute(
                    """
                    INSERT INTO royalties_unmatchedline (report_id, row_no, match_key, identifier,
                           title, creator, territory, channel, format, units, list_amount,
                           net_receipts, currency, resolved, fingerprint)
                    SELECT report_id, row_no, match_key, identifier, title, creator, territory,
                           channel, format, units, list_amount, net_receipts, currency, false,
                           fingerprint
                      FROM royalties_staging WHERE report_id = %s AND work_id IS NULL
                    """,
                    [report.pk],
                )
                report.unmatched_rows = cursor.rowcount
                # The report's lines are all in place, still invisible: stop here if rows
                # wait for a value to be mapped, or if lines repeat usage the licensee
                # already reported (overlap.py, review.py).
                overlap.licensee_posting_lock(licensee_id=report.licensee_id)
                if report.unmapped_rows or overlap.overlaps(report):
                    report.status = ReportStatus.REVIEW
                else:
                    post_lines(report)
            cursor.execute("DELETE FROM royalties_staging WHERE report_id = %s", [report.pk])
        report.progress = 100
        if report.status != ReportStatus.REVIEW:
            report.finished_at = timezone.now()
        report.save()
    os.unlink(bad_path)
    return report


def post_lines(report: UsageReport) -> None:
    """The end of the import: hold lines outside the licence, supersede the report corrected,
    record late usage, mark the report posted (saved by the caller, in its transaction).

    Run once per report: by ``finish_import`` or, for a report that stopped for review, by
    the licensee's decision (review.py), under ``overlap.licensee_posting_lock``."""
    term_bad = _licence_checks(report)
    report.bad_rows += term_bad
    report.good_rows -= term_bad
    _supersede(report)
    report.status = ReportStatus.POSTED


def _licence_checks(report: UsageReport) -> int:
    """Hold the lines outside their contract's licence (outlicence.py) and apply the
    ``term`` sanity rule to lines whose contract term covers only part of the period.
    Returns how many rows the term rule quarantined (counted as bad)."""
    licences = outlicence.report_licences(report)
    report.held_rows = outlicence.hold_out_of_licence(report=report, licences=licences)
    straddled = [
        pk
        for pk, licence in licences.items()
        if licence.straddles_term(report.period_start, report.period_end)
    ]
    if not straddled:
        return 0
    quarantine = sanity.rule_modes()["term"] == sanity.QUARANTINE
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH hit AS ({"DELETE FROM" if quarantine else "SELECT * FROM"}
                     royalties_usageline WHERE report_id = %s AND contract_id = ANY(%s)
                     {"RETURNING *" if quarantine else ""})
                INSERT INTO royalties_quarantinedrow (report_id, row_no, field, value, reason,
                       warning)
                SELECT report_id, row_no, 'period', %s,
                       'the period is not wholly inside the contract term', %s FROM hit""",  # noqa: S608 (constants)
            [report.pk, straddled, report.period, not quarantine],
        )
        return cursor.rowcount if quarantine else 0


def _supersede(report: UsageReport) -> None:
    """Supersede the report this one corrects, and record the usage a close has passed.

    Under a share lock on the licensee's contracts (a close waits, or is waited
    for), and the corrected report locked: of two corrections of one report
    posting at once, the second finds it superseded and is refused.
    """
    late.licensee_contracts_lock(licensee_id=report.licensee_id)
    sources = [report.pk]
    if report.replaces_id is not None:
        old = UsageReport.objects.select_for_update().get(pk=report.replaces_id)
        if old.status != ReportStatus.POSTED:
            raise ValidationError(
                {
                    "replaces": _(
                        "report %(report)s was already corrected or is not posted; "
                        "correct the report that replaced it"
                    )
                    % {"report": old.pk}
                }
            )
        UsageReport.objects.filter(pk=old.pk).update(status=ReportStatus.SUPERSEDED)
        sources.append(old.pk)
    if late.licensee_closed_since(licensee_id=report.licensee_id, start=report.period_start):
        late.late_usage_record(report=report, contract_ids=late.report_contract_ids(sources))


def discard_staging(report: UsageReport) -> None:
    """Forget what an unfinished import wrote: its staged rows and its unposted usage lines."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM royalties_staging WHERE report_id = %s", [report.pk])
        cursor.execute("DELETE FROM royalties_unmappedrow WHERE report_id = %s", [report.pk])
        cursor.execute(
            """DELETE FROM royalties_usageline l USING royalties_usagereport r
                WHERE l.report_id = %s AND r.id = l.report_id
                  AND r.status IN ('pending', 'processing', 'rejected', 'failed')""",
            [report.pk],
        )


def quarantine_rows(report: UsageReport):
    return QuarantinedRow.objects.filter(report=report, warning=False).order_by("row_no", "pk")


def warning_rows(report: UsageReport):
    return QuarantinedRow.objects.filter(report=report, warning=True).order_by("row_no", "pk")
