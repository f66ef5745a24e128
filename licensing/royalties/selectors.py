"""Reads of usage and royalties."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum

from catalog.kernel.money import round_money
from catalog.kernel.permissions import acting_party_ids, is_staff
from catalog.models import Party, Work
from finance.fx.selectors import fx_rate
from licensing.contracts.models import Contract
from licensing.royalties.ingest import normalise_text, stored_mapping
from licensing.royalties.models import (
    LineKind,
    ReportStatus,
    Statement,
    StatementLine,
    StatementStatus,
    UnmappedRow,
    UnmatchedLine,
    UsageLine,
    UsageReport,
    UsageValueMap,
    ValueKind,
)

# Period arithmetic other apps need (finance may import licensing only through selectors).
from licensing.royalties.periods import period_bounds, shift_period  # noqa: F401
from licensing.royalties.vocabulary import value_key


def licensee_contract_for_work(*, licensee_id: int, work_id: int) -> Contract | None:
    return (
        Contract.objects.filter(
            licensee_id=licensee_id, work_id=work_id, status__in=["active", "expired", "terminated"]
        )
        .order_by("-version", "-pk")
        .first()
    )


def licensee_candidate_works(*, licensee_id: int) -> dict[str, int]:
    """Normalised "title creator" strings of the works the licensee holds contracts for."""
    works = (
        Work.objects.filter(
            contracts__licensee_id=licensee_id,
            contracts__status__in=["active", "expired", "terminated"],
        )
        .distinct()
        .prefetch_related("creators__party")
    )
    choices: dict[str, int] = {}
    for work in works:
        creators = " ".join(c.party.original_name for c in work.creators.all())
        titles = {work.original_title, work.title} | {
            getattr(work, f"title_{code}", "") or "" for code in ("en", "zh_hans", "vi", "th")
        }
        for title in filter(None, titles):
            choices[normalise_text(f"{title} {creators}")] = work.pk
            choices.setdefault(normalise_text(title), work.pk)
    return choices


def unmapped_values(report: UsageReport) -> list[tuple[str, str, int]]:
    """Every value of the report that nothing maps: (kind, value as the file writes it,
    rows held for it), most rows first.

    Spellings with one key ("Hard back", "hardback") are one entry — a map covers them
    all — shown as the spelling most rows use (on a tie, the file's first). One GROUP BY
    per kind, on the held rows only (``UnmappedRow``); pass the value to
    ``services.usage_value_map_save``.
    """
    found: dict[tuple[str, str], list] = {}
    for kind in ValueKind.values:
        spellings = (
            UnmappedRow.objects.filter(report=report)
            .exclude(**{kind: ""})
            .values_list(kind)
            .annotate(rows=Count("pk"), first=Min("row_no"))
            .order_by("-rows", "first")
        )
        for raw, rows, _first in spellings:
            entry = found.setdefault((kind, value_key(raw)), [raw, 0])
            entry[1] += rows  # the first spelling seen is the one most rows use
    return sorted(
        ((kind, raw, rows) for (kind, _key), (raw, rows) in found.items()),
        key=lambda item: (-item[2], item[0], item[1]),
    )


def licensee_value_maps(*, licensee_id: int) -> QuerySet[UsageValueMap]:
    """The licensee's own value maps, by kind and value."""
    return UsageValueMap.objects.filter(licensee_id=licensee_id).order_by("kind", "value")


def licensees_to_close(period: str) -> QuerySet:
    """Licensees with a posted usage report for ``period`` or an active contract, by id."""
    return (
        Party.objects.filter(
            Q(usage_reports__period=period, usage_reports__status=ReportStatus.POSTED)
            | Q(pk__in=Contract.objects.filter(status="active").values("licensee_id"))
        )
        .distinct()
        .order_by("pk")
    )


def reports_for(user) -> QuerySet[UsageReport]:
    qs = UsageReport.objects.select_related("contract", "licensee")
    if is_staff(user):
        return qs
    party_ids = acting_party_ids(user)
    return qs.filter(Q(licensee_id__in=party_ids) | Q(contract__licensor_id__in=party_ids))


def unmatched_queue(*, licensor_ids: list[int]) -> list[dict]:
    """Queued lines grouped by licensee and key, of reports filed under these licensors'
    contracts (another licensor's reports are that licensor's to match)."""
    return list(
        UnmatchedLine.objects.filter(
            resolved=False,
            report__status=ReportStatus.POSTED,
            report__contract__licensor_id__in=licensor_ids,
        )
        .values(
            "report__licensee_id",
            "report__licensee__name",
            "match_key",
            "identifier",
            "title",
            "creator",
        )
        .annotate(lines=Count("id"), units=Sum("units"), net=Sum("net_receipts"))
        .order_by("-units")[:500]
    )


def statements_for(user) -> QuerySet[Statement]:
    qs = Statement.objects.filter(status=StatementStatus.CLOSED).select_related(
        "contract", "payee", "contract__work", "contract__licensee"
    )
    if is_staff(user):
        return qs
    party_ids = acting_party_ids(user)
    return qs.filter(
        Q(payee_id__in=party_ids)
        | Q(contract__licensor_id__in=party_ids)
        | Q(contract__licensee_id__in=party_ids)
    )


def statement_usage_lines(line: StatementLine) -> QuerySet[UsageLine]:
    """The usage rows behind an earnings or adjustment line (drill-down)."""
    period = line.restates_period or line.statement.period
    return (
        UsageLine.objects.filter(
            contract_id=line.statement.contract_id,
            report__period=period,
            report__status=ReportStatus.POSTED,
            work_id=line.work_id,
            channel=line.channel,
            territory=line.territory,
            format=line.format,
        )
        .select_related("report")
        .order_by("report_id", "row_no")
    )


def earnings_by_period(statements: QuerySet[Statement]) -> list[tuple[dt.date, Decimal]]:
    rows = (
        statements.values("period_start")
        .annotate(total=Sum("earnings_stmt"))
        .order_by("period_start")
    )
    return [(r["period_start"], r["total"]) for r in rows]


def earnings_by_territory(statements: QuerySet[Statement]) -> list[tuple[str, Decimal]]:
    rows = (
        StatementLine.objects.filter(statement__in=statements, kind=LineKind.EARNINGS)
        .values("territory")
        .annotate(total=Sum("amount_stmt"))
        .order_by("-total")[:12]
    )
    return [(r["territory"], r["total"]) for r in rows]


def earnings_history(
    *, work_ids: list[int], currency: str
) -> dict[int, list[tuple[dt.date, Decimal]]]:
    """Per work: (period start, royalty earnings of closed statements in ``currency``).

    Earnings and adjustments of every payee's closed statements, converted at
    the FX rate stored for the period (its end date), ascending by period.
    """
    rows = (
        StatementLine.objects.filter(
            statement__status=StatementStatus.CLOSED,
            work_id__in=work_ids,
            kind__in=[LineKind.EARNINGS, LineKind.ADJUSTMENT],
        )
        .values(
            "work_id", "statement__period_start", "statement__period_end", "statement__currency"
        )
        .annotate(total=Sum("amount"))
        .order_by("work_id", "statement__period_start")
    )
    sums: dict[int, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in rows:
        rate = fx_rate(
            base=row["statement__currency"], quote=currency, on=row["statement__period_end"]
        ).rate
        sums[row["work_id"]][row["statement__period_start"]] += row["total"] * rate
    return {
        work_id: [(start, round_money(total, currency)) for start, total in sorted(periods.items())]
        for work_id, periods in sums.items()
    }


# The licensee's stored headers for a format (only the fields it changed); the import
# reads them too, so the one function lives beside it.
column_mapping_for = stored_mapping


# --- where a licensor's share goes ---------------------------------------------------------
# Pledges live above licensing: a pledgee whose pledge redirects a contract's receivables
# takes the licensor's share. Finance registers that rule here (PledgesConfig.ready), as
# packages register guards in the kernel, so the royalty close never imports finance.
PayeeRedirect = Callable[[list[str]], dict[str, int]]  # contract numbers -> party id
_payee_redirects: list[PayeeRedirect] = []


def register_payee_redirect(provider: PayeeRedirect) -> None:
    if provider not in _payee_redirects:
        _payee_redirects.append(provider)


def payee_redirects(contract_numbers: list[str]) -> dict[str, int]:
    """Contract number → id of the party the licensor's share goes to instead of the
    licensor, for the contracts a registered provider redirects (the first one wins)."""
    redirects: dict[str, int] = {}
    for provider in _payee_redirects:
        for number, party_id in provider(contract_numbers).items():
            redirects.setdefault(number, party_id)
    return redirects


def payee_period_statements(*, payee_id: int, period: str) -> QuerySet[Statement]:
    """A payee's closed statements of one period, with their payers (withholding
    certificates, finance.tax)."""
    return (
        Statement.objects.filter(payee_id=payee_id, period=period, status=StatementStatus.CLOSED)
        .select_related("contract", "contract__licensee")
        .order_by("currency", "contract_id", "pk")
    )


def payee_closed_periods(*, payee_id: int) -> list[str]:
    """The periods a payee has closed statements for, latest first."""
    return list(
        Statement.objects.filter(payee_id=payee_id, status=StatementStatus.CLOSED)
        .values_list("period", flat=True)
        .order_by("-period")
        .distinct()
    )


def statements_by_ledger_key(keys: list[str]) -> dict[str, Statement]:
    """Closed statements by the idempotency key of their journal entry
    (``Statement.ledger_key_for``): what a payout names as the statements it pays."""
    wanted = Q(pk__in=[])
    for key in keys:  # other entries' keys (payments, payouts …) are passed over
        parts = key.split(":")
        if len(parts) == 4 and parts[0] == "royalty-statement":
            _, contract_id, period, payee_id = parts
            wanted |= Q(contract_id=int(contract_id), period=period, payee_id=int(payee_id))
    found = Statement.objects.filter(wanted, status=StatementStatus.CLOSED).select_related(
        "contract"
    )
    return {statement.ledger_key: statement for statement in found}


def work_statement_periods(*, work_ids: list[int]) -> list[tuple[str, dt.date, dt.date]]:
    """(period, first day, last day) of every period with a closed statement of one of the
    works, oldest first (how much history the platform holds: royalty-stream eligibility)."""
    rows = (
        Statement.objects.filter(status=StatementStatus.CLOSED, lines__work_id__in=work_ids)
        .values_list("period", "period_start", "period_end")
        .distinct()
        .order_by("period_start", "period_end", "period")
    )
    return list(rows)


# --- who shares a payee's royalties ---------------------------------------------------------
# A royalty-stream sale (finance.streams) makes its buyer a payee of part of the holder's
# share for a term. Finance registers the rule here (StreamsConfig.ready), so the close asks
# one registry instead of importing finance: per work, (holder id, buyer id, percent of the
# holder's share) for a period running from ``start`` to ``end``.
PayeeSplit = Callable[[list[int], dt.date, dt.date], dict[int, list[tuple[int, int, Decimal]]]]
_payee_splits: list[PayeeSplit] = []


def register_payee_split(provider: PayeeSplit) -> None:
    if provider not in _payee_splits:
        _payee_splits.append(provider)


def payee_splits(
    *, work_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, list[tuple[int, int, Decimal]]]:
    splits: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    for provider in _payee_splits:
        for work_id, parts in provider(work_ids, start, end).items():
            splits[work_id].extend(parts)
    return dict(splits)
