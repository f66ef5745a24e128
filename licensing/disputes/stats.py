"""Dispute statistics per period (month, quarter, year), case type and outcome.

Definitions (each row counts cases by the centre-local date of the event):
- accepted: cases accepted in the period; claimed: their claimed amounts;
- closed: accepted cases that ended (settled, failed, withdrawn) in the period;
- settled / failed / withdrawn: closed cases by outcome; settled amount: their settlements;
- settlement rate: settled / closed; batch share: closed cases that were in a batch / closed;
- median days to close: centre-local days from acceptance to closing, over closed cases;
- overdue: cases whose deadline fell in the period (and has passed) and which had not
  closed by it.
Amounts stay per currency; with FX rates (finance.fx.selectors) they are also summed in CNY at the
rate of the event's date — a row with any missing rate shows no CNY total rather than a
wrong one.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.money import Money
from finance.fx.selectors import MissingRate, fx_convert
from licensing.disputes.deadlines import centre_date, centre_zone
from licensing.disputes.models import CLOSED_STATUSES, Case, CaseStatus, CaseType

PERIODS = ("month", "quarter", "year")
REPORT_CURRENCY = "CNY"
ALL = ""


def period_key(day: dt.date, period: str) -> str:
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    if period == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


@dataclass
class StatsRow:
    period: str
    case_type: str  # "" = all types
    accepted: int = 0
    closed: int = 0
    settled: int = 0
    failed: int = 0
    withdrawn: int = 0
    overdue: int = 0
    batched: int = 0
    claimed: dict[str, Decimal] = field(default_factory=dict)
    settled_amount: dict[str, Decimal] = field(default_factory=dict)
    claimed_cny: Decimal | None = None
    settled_cny: Decimal | None = None
    days_to_close: list[int] = field(default_factory=list)

    @property
    def settlement_rate(self) -> Decimal | None:
        return Decimal(self.settled) / Decimal(self.closed) if self.closed else None

    @property
    def batch_share(self) -> Decimal | None:
        return Decimal(self.batched) / Decimal(self.closed) if self.closed else None

    @property
    def median_days(self) -> Decimal | None:
        if not self.days_to_close:
            return None
        return Decimal(str(statistics.median(self.days_to_close)))

    def as_dict(self) -> dict[str, object]:
        def money(values: dict[str, Decimal]) -> dict[str, str]:
            return {cur: str(amount) for cur, amount in sorted(values.items())}

        def dec(value: Decimal | None) -> str | None:
            return None if value is None else str(value.quantize(Decimal("0.0001")))

        return {
            "period": self.period,
            "case_type": self.case_type or "all",
            "accepted": self.accepted,
            "closed": self.closed,
            "settled": self.settled,
            "failed": self.failed,
            "withdrawn": self.withdrawn,
            "settlement_rate": dec(self.settlement_rate),
            "claimed": money(self.claimed),
            "settled_amount": money(self.settled_amount),
            "claimed_cny": None if self.claimed_cny is None else str(self.claimed_cny),
            "settled_cny": None if self.settled_cny is None else str(self.settled_cny),
            "median_days_to_close": dec(self.median_days),
            "overdue": self.overdue,
            "batch_share": dec(self.batch_share),
        }


@dataclass
class DisputeStats:
    start: dt.date
    end: dt.date
    period: str
    rows: list[StatsRow]  # per period: all types first, then each type
    totals: list[StatsRow]  # the whole range: per type, then all types ("total")

    def by_period(self) -> list[StatsRow]:
        return [r for r in self.rows if r.case_type == ALL]

    def total(self) -> StatsRow:
        return next(r for r in self.totals if r.case_type == ALL)

    def as_dict(self) -> dict[str, object]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "period": self.period,
            "rows": [r.as_dict() for r in self.rows],
            "totals": [r.as_dict() for r in self.totals],
        }


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = centre_zone()
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=zone),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=zone),
    )


def _add(bucket: dict[str, Decimal], currency: str, amount: Decimal) -> None:
    bucket[currency] = bucket.get(currency, Decimal(0)) + amount


class _Cny:
    """Running CNY total that turns into None as soon as one amount cannot be converted."""

    def __init__(self) -> None:
        self.total: Decimal | None = Decimal(0)

    def add(self, amount: Decimal, currency: str, on: dt.date) -> None:
        if self.total is None:
            return
        if currency == REPORT_CURRENCY:
            self.total += amount
            return
        try:
            converted, _rate = fx_convert(
                money=Money(amount, currency), quote=REPORT_CURRENCY, on=on
            )
        except MissingRate:
            self.total = None
            return
        self.total += converted.amount


def dispute_stats(
    *, start: dt.date, end: dt.date, period: str = "month", now: dt.datetime | None = None
) -> DisputeStats:
    if period not in PERIODS:
        raise ValidationError(
            {
                "period": _("“%(period)s” is not one of %(periods)s")
                % {"period": period, "periods": ", ".join(PERIODS)}
            }
        )
    if end < start:
        raise ValidationError(
            {"to": _("%(end)s is before %(start)s") % {"end": end, "start": start}}
        )
    now = now or timezone.now()
    lo, hi = _bounds(start, end)
    cases = (
        Case.objects.filter(
            Q(accepted_at__gte=lo, accepted_at__lt=hi)
            | Q(closed_at__gte=lo, closed_at__lt=hi)
            | Q(deadline__gte=lo, deadline__lt=hi)
        )
        .select_related("settlement")
        .order_by("pk")
    )
    rows: dict[tuple[str, str], StatsRow] = {}
    claimed_cny: dict[tuple[str, str], _Cny] = defaultdict(_Cny)
    settled_cny: dict[tuple[str, str], _Cny] = defaultdict(_Cny)

    def touch(key: str, case_type: str) -> list[tuple[str, str]]:
        keys = [(key, case_type), (key, ALL), ("total", case_type), ("total", ALL)]
        for k in keys:
            rows.setdefault(k, StatsRow(period=k[0], case_type=k[1]))
        return keys

    for case in cases:
        if case.accepted_at and lo <= case.accepted_at < hi:
            day = centre_date(case.accepted_at)
            for k in touch(period_key(day, period), case.case_type):
                rows[k].accepted += 1
                if case.claimed_amount is not None:
                    _add(rows[k].claimed, case.currency, case.claimed_amount)
                    claimed_cny[k].add(case.claimed_amount, case.currency, day)
        if (
            case.accepted_at
            and case.status in CLOSED_STATUSES
            and case.closed_at
            and lo <= case.closed_at < hi
        ):
            day = centre_date(case.closed_at)
            for k in touch(period_key(day, period), case.case_type):
                row = rows[k]
                row.closed += 1
                row.batched += 1 if case.batch_id else 0
                row.days_to_close.append((day - centre_date(case.accepted_at)).days)
                if case.status == CaseStatus.SETTLED:
                    row.settled += 1
                    settlement = case.settlement
                    if settlement.amount > 0:
                        _add(row.settled_amount, settlement.currency, settlement.amount)
                        settled_cny[k].add(settlement.amount, settlement.currency, day)
                elif case.status == CaseStatus.FAILED:
                    row.failed += 1
                else:
                    row.withdrawn += 1
        if (
            case.deadline
            and lo <= case.deadline < hi
            and case.deadline < now
            and (case.closed_at is None or case.closed_at > case.deadline)
        ):
            for k in touch(period_key(centre_date(case.deadline), period), case.case_type):
                rows[k].overdue += 1
    for key, row in rows.items():
        row.claimed_cny = claimed_cny[key].total if row.claimed else Decimal(0)
        row.settled_cny = settled_cny[key].total if row.settled_amount else Decimal(0)
    order = {code: i for i, code in enumerate([ALL, *CaseType.values])}
    periodic = sorted(
        (r for r in rows.values() if r.period != "total"),
        key=lambda r: (r.period, order[r.case_type]),
    )
    totals = sorted(
        (r for r in rows.values() if r.period == "total"), key=lambda r: order[r.case_type]
    )
    if not totals:
        totals = [StatsRow(period="total", case_type=ALL)]
    return DisputeStats(start=start, end=end, period=period, rows=periodic, totals=totals)
