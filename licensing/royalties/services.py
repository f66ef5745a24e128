"""Writes of usage and royalties: import a report, match by hand, close a period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, staff_or_acts_for
from catalog.kernel.storage import local_path
from catalog.kernel.uploads import validate_upload
from catalog.models import Party, Work
from licensing.contracts.models import Contract
from licensing.royalties import dsr, ingest, late, unmapped, vocabulary
from licensing.royalties.close import period_close
from licensing.royalties.models import (
    ColumnMapping,
    LateUsage,
    MatchRule,
    ReportStatus,
    RoyaltySetting,
    Statement,
    UnmatchedLine,
    UsageLine,
    UsageReport,
    UsageValueMap,
    ValueKind,
    WithholdingRate,
)
from licensing.royalties.periods import normalise_period, period_bounds
from licensing.royalties.readers import FIELDS
from licensing.royalties.stranded import ClaimLost, claim_report, job_alive

__all__ = [
    "period_close",
    "royalty_setting_save",
    "usage_import",
    "usage_mapping_save",
    "usage_match_manual",
    "usage_report_create",
    "usage_report_process",
    "usage_unmapped_resolve",
    "usage_value_map_delete",
    "usage_value_map_save",
    "withholding_rate_record",
]

FORMATS = {"csv", "xlsx", "dsr"}


def _guess_format(path: str, name: str) -> str:
    """By content first: a file (plain or gzip) whose first record is a HEAD is a DDEX DSR
    report whatever its name; then an XLSX by its name (validate_upload checks its bytes)."""
    if dsr.sniff(path):
        return "dsr"
    return "xlsx" if name.lower().endswith(".xlsx") else "csv"


def usage_report_create(
    *,
    contract: Contract,
    period: str,
    path: str,
    file_name: str,
    format: str | None = None,
    replace: bool = False,
    corrects: UsageReport | None = None,
    user: AnyUser = None,
    keep_file: bool = True,
) -> UsageReport:
    """Register a file for import, refusing a duplicate file or period unless replacing.

    ``corrects``: the posted report this file is a correction of (same licensee,
    contract and period); posting it supersedes that report and the period is
    restated by the difference (late.py). ``replace`` corrects whichever report
    is live for the contract and period.
    """
    period = normalise_period(period)
    if corrects is not None and (
        corrects.licensee_id != contract.licensee_id
        or corrects.contract_id != contract.pk
        or corrects.period != period
        or corrects.status != ReportStatus.POSTED
    ):
        raise ValidationError(
            {
                "replaces": _(
                    "a correction of report %(report)s must be filed under its contract "
                    "(%(contract)s) and period (%(period)s) while it is posted"
                )
                % {
                    "report": corrects.pk,
                    "contract": corrects.contract,
                    "period": corrects.period,
                }
            }
        )
    start, end = period_bounds(period)
    format = format or _guess_format(path, file_name)
    if format not in FORMATS:
        raise ValidationError(
            {"format": _("“%(format)s” is not csv, xlsx or dsr") % {"format": format}}
        )
    # Size, type by content (an XLSX must be one; CSV and DSR must be UTF-8 text) and a
    # workbook's declared rows and columns, before the file is kept or read.
    validate_upload(kind=f"usage_{format}", file=path, name=file_name, field="file")
    sha = ingest.file_sha256(path)
    live = UsageReport.objects.filter(
        status__in=[
            ReportStatus.PENDING,
            ReportStatus.PROCESSING,
            ReportStatus.REVIEW,
            ReportStatus.POSTED,
        ]
    )
    same_file = live.filter(sha256=sha).first()
    if same_file is not None:
        raise ValidationError(
            {
                "file": _(
                    "this file was already imported as report %(report)s (%(period)s, %(status)s)"
                )
                % {
                    "report": same_file.pk,
                    "period": same_file.period,
                    "status": same_file.get_status_display(),
                }
            }
        )
    previous = live.filter(contract=contract, period=period).first()
    if previous is not None and previous.status == ReportStatus.REVIEW:
        raise ValidationError(
            {
                "period": _(
                    "report %(report)s for %(period)s is awaiting review: post or withdraw it first"
                )
                % {"report": previous.pk, "period": period}
            }
        )
    if previous is not None and previous.status != ReportStatus.POSTED:
        raise ValidationError(
            {
                "period": _("report %(report)s for %(period)s is still importing")
                % {"report": previous.pk, "period": period}
            }
        )
    if previous is not None and not (replace or corrects is not None):
        raise ValidationError(
            {
                "period": _(
                    "%(period)s was already reported for %(contract)s (report %(report)s); "
                    "import it as a replacement to restate it"
                )
                % {"period": period, "contract": contract, "report": previous.pk}
            }
        )
    report = UsageReport(
        licensee=contract.licensee,
        contract=contract,
        period=period,
        period_start=start,
        period_end=end,
        format=format,
        file_name=file_name[:255],
        sha256=sha,
        replaces=previous,
        created_by=user,
    )
    if keep_file:
        with open(path, "rb") as handle:
            report.file.save(file_name, File(handle), save=False)
    try:
        report.save()
    except IntegrityError:
        raise ValidationError(
            {"file": _("this file or period is already being imported")}
        ) from None
    return report


def usage_report_process(
    *, report: UsageReport, path: str | None = None, progress=None
) -> UsageReport:
    """Stream, match and post (or reject) a registered report. Idempotent: a finished
    report is returned as it is."""
    report = UsageReport.objects.select_related("licensee", "contract", "replaces").get(
        pk=report.pk
    )
    if report.status not in (ReportStatus.PENDING, ReportStatus.PROCESSING):
        return report
    if not claim_report(report.pk):
        return report  # another run holds it: its heartbeat is fresh (stranded.py)
    # The claim wrote these; the import saves ``report`` at the end, so keep them current.
    report.refresh_from_db(fields=["status", "progress", "heartbeat_at", "attempts"])
    ingest.discard_staging(report)  # a retried task starts clean
    if path:
        return _process_from(report, path, progress)
    with local_path(report.file.storage, report.file.name) as source:
        return _process_from(report, source, progress)


def _process_from(report: UsageReport, source: str, progress) -> UsageReport:
    size_hint = max(1, _count_hint(source))

    def tick(rows: int) -> None:
        percent = min(90, int(rows * 90 / size_hint))
        job_alive(report.pk, progress=percent)  # alive, or ClaimLost if re-queued
        if progress:
            progress(rows)

    try:
        total, bad, bad_path = ingest.stream_to_staging(
            report=report, path=source, default_currency=report.contract.currency, progress=tick
        )
        job_alive(report.pk)
        ingest.match_staging(report=report)
        job_alive(report.pk)
        return ingest.finish_import(report=report, total=total, bad=bad, bad_path=bad_path)
    except ClaimLost:
        return report  # beat cleaned and re-queued it: the new run owns it now
    except ValidationError as exc:
        _reject(report, "; ".join(exc.messages))
        report.refresh_from_db()
        return report
    except Exception:
        # Never leave a report "processing" for ever: the job page shows the failure and
        # the licensee can upload again; the error itself goes to the task's log.
        _reject(report, "the import failed unexpectedly; nothing was posted")
        raise


def _reject(report: UsageReport, error: str) -> None:
    ingest.discard_staging(report)
    UsageReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.REJECTED, error=error, progress=100, finished_at=timezone.now()
    )


def _count_hint(path: str) -> int:
    """Rough row count for the progress bar: file size over a typical line length."""
    import os

    return os.path.getsize(path) // 80


def usage_import(
    *,
    contract: Contract,
    period: str,
    path: str,
    format: str | None = None,
    replace: bool = False,
    corrects: UsageReport | None = None,
    user: AnyUser = None,
    progress=None,
    keep_file: bool = True,
) -> UsageReport:
    """Create and process a report in one call (the management command and tests)."""
    import os

    report = usage_report_create(
        contract=contract,
        period=period,
        path=path,
        file_name=os.path.basename(path),
        format=format,
        replace=replace,
        corrects=corrects,
        user=user,
        keep_file=keep_file,
    )
    return usage_report_process(report=report, path=path, progress=progress)


@transaction.atomic
def usage_match_manual(*, licensee: Party, match_key: str, work: Work, user: AnyUser) -> int:
    """Match the queued lines with ``match_key`` to ``work`` and remember it.

    Only lines reported under the licensor's own contracts move, and the
    remembered rule applies only to that licensor's future reports: the
    licensor is the one of the licensee's contract for ``work``, and the user
    must act for it. Returns the number of lines moved into usage. Lines of a
    period already closed mark that period for restatement on the next statement.
    """
    from licensing.royalties.selectors import licensee_contract_for_work

    contract = licensee_contract_for_work(licensee_id=licensee.pk, work_id=work.pk)
    if contract is None:
        raise ValidationError({"work": _("This licensee has no contract for that work.")})
    if user is not None and not staff_or_acts_for(user, contract.licensor_id):
        raise PermissionDenied(_("You may match usage only onto your own party's contracts."))
    queued = list(
        UnmatchedLine.objects.select_for_update()
        .filter(
            report__licensee=licensee,
            report__contract__licensor_id=contract.licensor_id,
            report__status=ReportStatus.POSTED,
            match_key=match_key,
            resolved=False,
        )
        .select_related("report")
    )
    if not queued:
        # Lines with this key reported under another licensor's contracts are not ours
        # to move, and a rule without lines would only be a way to pre-empt them.
        raise ValidationError(
            {"match_key": _("No unmatched line with this key waits on your contracts.")}
        )
    MatchRule.objects.update_or_create(
        licensee=licensee,
        licensor_id=contract.licensor_id,
        match_key=match_key,
        defaults={"work": work, "created_by": user},
    )
    UsageLine.objects.bulk_create(
        UsageLine(
            report=line.report,
            row_no=line.row_no,
            contract=contract,
            work=work,
            territory=line.territory,
            channel=line.channel,
            format=line.format,
            units=line.units,
            list_amount=line.list_amount,
            net_receipts=line.net_receipts,
            currency=line.currency,
            matched_by="manual",
            fingerprint=line.fingerprint,
        )
        for line in queued
    )
    UnmatchedLine.objects.filter(pk__in=[line.pk for line in queued]).update(resolved=True)
    late.licensee_contracts_lock(licensee_id=licensee.pk)
    for report in {line.report_id: line.report for line in queued}.values():
        late.late_usage_record(report=report, contract_ids=[contract.pk])
    return len(queued)


def usage_mapping_save(*, licensee: Party, format: str, mapping: dict[str, str]) -> ColumnMapping:
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise ValidationError(
            {"mapping": _("unknown fields: %(unknown)s") % {"unknown": ", ".join(unknown)}}
        )
    obj, _created = ColumnMapping.objects.update_or_create(
        licensee=licensee, format=format, defaults={"mapping": mapping}
    )
    return obj


def royalty_setting_save(
    *,
    party: Party,
    cross_collateralise: bool = False,
    statement_currency: str = "",
    statement_language: str = "",
) -> RoyaltySetting:
    obj, _ = RoyaltySetting.objects.update_or_create(
        party=party,
        defaults={
            "cross_collateralise": cross_collateralise,
            "statement_currency": statement_currency.upper(),
            "statement_language": statement_language,
        },
    )
    return obj


def withholding_rate_record(
    *, payer_country: str, payee_country: str, rate: Decimal, source: str, valid_from: dt.date
) -> WithholdingRate:
    obj, _ = WithholdingRate.objects.update_or_create(
        payer_country=payer_country.upper(),
        payee_country=payee_country.upper(),
        valid_from=valid_from,
        defaults={"rate": Decimal(rate), "source": source},
    )
    return obj


def statements_close_for_licensee(*, licensee: Party, period: str) -> list[Statement]:
    """Close ``period`` for every contract of ``licensee`` with usage or a live term in it.

    Refused while one of the licensee's reports for the period is still being imported:
    the close would miss its usage. Contracts already closed for the period are skipped,
    so running it again closes only what is new.
    """
    period = normalise_period(period)
    importing = UsageReport.objects.filter(
        licensee=licensee,
        period=period,
        status__in=[ReportStatus.PENDING, ReportStatus.PROCESSING],
    ).values_list("pk", flat=True)
    if importing:
        raise ValidationError(
            {
                "period": _(
                    "%(licensee)s has usage reports for %(period)s still being imported "
                    "(%(reports)s); close once they are posted"
                )
                % {
                    "licensee": licensee,
                    "period": period,
                    "reports": ", ".join(map(str, importing)),
                }
            }
        )
    contract_ids = set(
        UsageLine.objects.filter(
            report__licensee=licensee, report__period=period, report__status=ReportStatus.POSTED
        )
        .values_list("contract_id", flat=True)
        .distinct()
    )
    contract_ids |= set(
        Contract.objects.filter(licensee=licensee, status="active").values_list("pk", flat=True)
    )
    # An ended contract with late usage still gets the statement that restates it.
    contract_ids |= set(
        LateUsage.objects.filter(contract__licensee=licensee, restated_in__isnull=True).values_list(
            "contract_id", flat=True
        )
    )
    contracts = list(Contract.objects.filter(pk__in=contract_ids).order_by("pk"))
    return period_close(contracts=contracts, period=period)


def _require_licensee(user: AnyUser, licensee_id: int) -> None:
    if user is not None and not staff_or_acts_for(user, licensee_id):
        raise PermissionDenied(_("Only the licensee manages the values of its usage files."))


def usage_value_map_save(
    *, licensee: Party, kind: str, value: str, target: str, user: AnyUser
) -> UsageValueMap:
    """Remember that ``value`` in the licensee's files means ``target``.

    ``kind``: channel, format or territory. ``value`` as the file writes it; it is
    stored by its key (case-, space- and punctuation-blind, ``vocabulary.value_key``),
    so one map covers every spelling of it. ``target``: a ``Channel`` or ``Format`` code,
    or an ISO 3166-1 alpha-2 country. Saving the same value again changes its target.
    Reports already read are not changed: ``usage_unmapped_resolve`` places their held
    rows. ``user`` must act for the licensee (or be staff); None is the system.
    """
    _require_licensee(user, licensee.pk)
    if kind not in ValueKind.values:
        raise ValidationError(
            {"kind": _("“%(kind)s” is not channel, format or territory") % {"kind": kind}}
        )
    raw = (value or "").strip()
    key = vocabulary.value_key(raw)
    if not key:
        raise ValidationError({"value": _("Name the value as your files write it.")})
    if len(key) > 200 or len(raw) > 200:
        raise ValidationError({"value": _("A value has at most 200 characters.")})
    target = (target or "").strip()
    target = target.upper() if kind == ValueKind.TERRITORY else target.lower()
    if not vocabulary.valid_target(kind, target):
        messages = {
            ValueKind.CHANNEL: _("“%(target)s” is not a sales channel"),
            ValueKind.FORMAT: _("“%(target)s” is not a format"),
            ValueKind.TERRITORY: _("“%(target)s” is not an ISO 3166-1 country code"),
        }
        raise ValidationError({"target": messages[kind] % {"target": target}})
    obj, _created = UsageValueMap.objects.update_or_create(
        licensee=licensee,
        kind=kind,
        value=key,
        defaults={"raw": raw, "target": target, "created_by": user},
    )
    return obj


def usage_value_map_delete(*, value_map: UsageValueMap, user: AnyUser) -> None:
    """Forget a value map; files read later fall back to the built-in vocabularies (and
    hold the rows whose value those do not know). Lines already placed stay as they are."""
    _require_licensee(user, value_map.licensee_id)
    value_map.delete()


def usage_unmapped_resolve(*, report: UsageReport, user: AnyUser) -> tuple[int, int]:
    """Check the report's rows held for unmapped values again with the licensee's value
    maps as they are now; the rows that resolve join the report (unmapped.py: matched,
    posted — or added to a report awaiting review —, held out of licence or recorded as
    late usage as the import would). Returns (rows that joined, rows still held).

    Refused for a report that is neither posted nor awaiting review (a rejected report is
    uploaded again; a replaced one is history)."""
    with transaction.atomic():
        report = (
            UsageReport.objects.select_for_update(of=("self",))
            .select_related("licensee", "contract")
            .get(pk=report.pk)
        )
        _require_licensee(user, report.licensee_id)
        if report.status not in unmapped.RESOLVABLE:
            raise ValidationError(
                {
                    "report": _(
                        "report %(report)s is %(status)s: its held rows can no longer join it"
                    )
                    % {"report": report.pk, "status": report.get_status_display()}
                }
            )
        return unmapped.resolve_report(report)
