"""Period close: contract-level royalty figures → one immutable statement per payee.

Order of the calculation for a contract and period (docs/royalties.md):
earnings per line (rate rule, escalator tiers, rounded with carried residue)
+ restatement adjustments − reserve held + reserve released − advance
recoupment + minimum-guarantee top-up, split among the co-owners by
largest remainder; then per payee withholding tax, opening balance, closing
balance, amount payable; ledger entry per statement; ``statements_closed``.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, localcontext

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.copy import QueuedLibpqWriter

from catalog.kernel import events
from catalog.kernel.money import round_money
from catalog.models import OwnershipShare, Party
from catalog.vocabulary import ALL_RIGHTS
from finance.fx.selectors import fx_rate
from finance.ledger.selectors import posted_keys
from finance.ledger.services import AccountKind, EntrySpec, accounts_by_key, journal_post_many
from finance.tax.selectors import ResidencyClaim, residencies_valid_on
from licensing.contracts.models import Contract
from licensing.events import StatementsClosed
from licensing.royalties import engine
from licensing.royalties.models import (
    LateUsage,
    LineKind,
    RoyaltyPeriod,
    RoyaltySetting,
    Statement,
    StatementLine,
    StatementStatus,
    TaxBasis,
    UsageLine,
    UsageReport,
    WithholdingRate,
)
from licensing.royalties.periods import period_bounds
from licensing.royalties.selectors import payee_redirects, payee_splits
from licensing.terms import RateBasis, Terms

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Exact figures are kept to 16 decimal places (RoyaltyPeriod.residue's scale): a royalty
# and its pro-rata parts on this fixed scale add up without any rounding, so a total that
# is exactly half a cent stays exactly half a cent and rounds half-even. Summed at 28
# significant digits instead, the parts left it 2e-23 short and it rounded down (found by
# the benchmark's DuckDB check: one contract in 10,000, one cent). A quotient that never
# ends is rounded half-even at the 16th place; only a value within 5e-17 of a half cent
# could then land on the tie.
EXACT_PLACES = Decimal("1e-16")
Key = tuple[int, str, str, str]  # work, channel, territory, format


@dataclass(slots=True)
class Line:
    key: Key
    units: int = 0
    basis: Decimal = ZERO
    rate: str = ""
    exact: Decimal = ZERO
    amount: Decimal = ZERO
    kind: str = LineKind.EARNINGS
    description: str = ""
    restates: str = ""
    source: int | None = None  # the late report an adjustment restates


@dataclass
class ContractFigures:
    lines: list[Line]
    earnings: Decimal
    residue: Decimal
    cumulative: dict[str, int]
    units: int
    adjustments: list[Line] = field(default_factory=list)


# --- reading usage -------------------------------------------------------------------------------

AGGREGATE_SQL = """
SELECT l.contract_id, l.work_id, l.channel, l.territory, l.format, l.currency,
       sum(l.units), sum(l.list_amount), sum(l.net_receipts)
  FROM royalties_usageline l JOIN royalties_usagereport r ON r.id = l.report_id
 WHERE r.status = 'posted' AND r.period = %s AND l.contract_id = ANY(%s)
 GROUP BY 1, 2, 3, 4, 5, 6
"""
# No ORDER BY: rows are grouped by contract in Python and sorted there (compute_earnings),
# and sorting a million lines on text keys was most of this query's time.


def _usage_rows(contract_ids: list[int], period: str):
    """Aggregated usage rows (contract first), in no particular order; inside the close's
    transaction."""
    with connection.cursor() as cursor, connection.cursor() as settings_cursor:
        # A period's lines are read whole: a bitmap scan reads the table in physical order
        # (0.3 s for a million lines) where the index scan the planner prefers jumps about
        # the heap in index order (2.2 s). The hint lasts for this query only.
        settings_cursor.execute("SET LOCAL enable_indexscan = off")
        try:
            cursor.execute(AGGREGATE_SQL, [period, contract_ids])
        finally:
            settings_cursor.execute("RESET enable_indexscan")
        while batch := cursor.fetchmany(20_000):
            yield from batch


@dataclass(frozen=True, slots=True)
class Withholding:
    """The rate a payee's statement is taxed at, and why (copied onto the statement)."""

    rate: Decimal
    source: str
    basis: str  # TaxBasis, or "" when the payer's country has no rate at all
    residence: str
    article: str = ""
    residency_id: int | None = None


class Rates:
    """FX and withholding look-ups, cached for one close run."""

    def __init__(self, on: dt.date):
        self.on = on
        self._fx: dict[tuple[str, str], object] = {}
        self._wht: dict[tuple[str, str, bool], tuple[Decimal, str, str]] = {}

    def fx(self, base: str, quote: str):
        if (base, quote) not in self._fx:
            self._fx[(base, quote)] = fx_rate(base=base, quote=quote, on=self.on)
        return self._fx[(base, quote)]

    def withholding(
        self, payer: str, payee: Party, residency: ResidencyClaim | None
    ) -> Withholding:
        """The payee is resident where its accepted residency says (else its own country)
        and has the treaty rate only with an accepted treaty claim."""
        residence = residency.country if residency else payee.country
        treaty = bool(residency and residency.treaty_claim)
        key = (payer, residence, treaty)
        if key not in self._wht:
            self._wht[key] = withholding_rate(payer, residence, treaty=treaty, on=self.on)
        rate, source, basis = self._wht[key]
        return Withholding(
            rate=rate,
            source=source,
            basis=basis,
            residence=residence,
            article=residency.treaty_article if basis == TaxBasis.TREATY else "",
            residency_id=residency.id if residency else None,
        )


def withholding_rate(
    payer: str, residence: str, *, treaty: bool, on: dt.date
) -> tuple[Decimal, str, str]:
    """(rate, source, basis) for a payee resident in ``residence``: the pair's treaty row
    when the payee has an accepted treaty claim, else the payer's rate for non-residents
    ("**"); a payee resident in the payer's country pays the pair's own row if there is
    one, else nothing."""
    rows = WithholdingRate.objects.filter(
        Q(payee_country=residence) | Q(payee_country="**"),
        payer_country=payer,
        valid_from__lte=on,
    ).order_by("-valid_from")
    exact = next((r for r in rows if r.payee_country == residence), None)
    default = next((r for r in rows if r.payee_country == "**"), None)
    if payer == residence:
        rate, source = (exact.rate, exact.source) if exact else (ZERO, "")
        return rate, source, TaxBasis.RESIDENT
    if treaty and exact is not None:
        return exact.rate, exact.source, TaxBasis.TREATY
    if default is not None:
        return default.rate, default.source, TaxBasis.DOMESTIC
    return ZERO, "", ""


# --- earnings ------------------------------------------------------------------------------------


def compute_earnings(
    terms: Terms,
    rows: list[tuple],
    *,
    cumulative: dict[str, int],
    residue: Decimal,
    rates: Rates,
    rule_cache: dict[tuple[str, str, str], int | None] | None = None,
) -> ContractFigures:
    """Rows: (work, channel, territory, format, currency, units, list_amount, net_receipts).

    ``rule_cache`` remembers which rate applies to a (channel, territory, format);
    a caller closing many contracts with the same terms passes one per terms.
    """
    with localcontext() as context:
        # Room for amounts of up to 10^24 on the 16-place scale, every sum exact.
        context.prec = 40
        return _compute_earnings(terms, rows, cumulative, residue, rates, rule_cache)


def _compute_earnings(terms, rows, cumulative, residue, rates, rule_cache) -> ContractFigures:
    lines: dict[Key, Line] = {}
    by_rule: dict[int, list[tuple[Line, Decimal]]] = defaultdict(list)
    if rule_cache is None:
        rule_cache = {}
    # A fixed order makes the figures order-independent (the pro-rata parts depend on
    # which member is last), so restating the same rows, however they arrive, gives the
    # same figures to the last digit.
    # (The loop runs once per aggregated usage row: half a million in a big close.)
    contract_currency = terms.currency
    rules = terms.royalty_rates
    bases = [rule.basis for rule in rules]
    for work, channel, territory, fmt, currency, units, list_amount, net in sorted(rows):
        if currency != contract_currency:
            # Exact conversion at the period rate; rounding happens once, on the line.
            factor = rates.fx(currency, contract_currency).rate
            list_amount, net = list_amount * factor, net * factor
        key = (work, channel, territory, fmt)
        line = lines.get(key)
        if line is None:
            line = lines[key] = Line(key=key)
        line.units += units
        probe = (channel, territory, fmt)
        index = rule_cache.get(probe, -1)
        if index == -1:
            index = rule_cache[probe] = engine.select_rate(
                rules, channel=channel, territory=territory, format=fmt
            )
        if index is None:
            line.rate = "—"
            continue
        basis_kind = bases[index]
        if basis_kind == RateBasis.PER_UNIT:
            by_rule[index].append((line, Decimal(units)))
        else:
            basis = list_amount if basis_kind == RateBasis.LIST_PRICE else net
            line.basis += basis
            by_rule[index].append((line, basis))
    new_cumulative = dict(cumulative)
    for index, members in by_rule.items():
        rule = terms.royalty_rates[index]
        units = sum(int(w) if rule.basis == RateBasis.PER_UNIT else 0 for _, w in members)
        if rule.basis != RateBasis.PER_UNIT:
            units = sum({id(ln): ln.units for ln, _ in members}.values())
        weight_total = sum((w for _, w in members), ZERO)
        before = cumulative.get(str(index), 0)
        royalty = engine.rule_royalty(
            rule, units_before=before, units=units, basis_amount=weight_total
        ).quantize(EXACT_PLACES, rounding=ROUND_HALF_EVEN)
        label = engine.rate_label(
            rule, engine.escalator_tiers(rule, units_before=before, units=units)
        )
        new_cumulative[str(index)] = before + units
        # Pro rata to the basis; the last member takes what is left, so the lines sum
        # to the rule's royalty exactly, not to within the 28-digit context.
        allocated = ZERO
        last = len(members) - 1
        for position, (line, weight) in enumerate(members):
            if weight_total:
                if position == last:
                    part = royalty - allocated
                else:
                    part = (royalty * weight / weight_total).quantize(
                        EXACT_PLACES, rounding=ROUND_HALF_EVEN
                    )
                allocated += part
                line.exact += part
            line.rate = label
    ordered = list(lines.values())  # first seen in sorted rows: already in key order
    rounded, left = engine.round_carry(
        (ln.exact for ln in ordered), terms.currency, residue=residue
    )
    for line, amount in zip(ordered, rounded, strict=True):
        line.amount = amount
    return ContractFigures(
        lines=ordered,
        earnings=sum(rounded, ZERO),
        residue=left,
        cumulative=new_cumulative,
        units=sum(ln.units for ln in ordered),
    )


# --- the close -----------------------------------------------------------------------------------


def _payees(
    contract: Contract, right_type: str, shares: list[OwnershipShare]
) -> list[tuple[Party, Decimal]]:
    shares = [s for s in shares if s.right in (right_type, ALL_RIGHTS)]
    specific = [s for s in shares if s.right == right_type]
    chosen = specific or shares
    if not chosen:
        return [(contract.licensor, HUNDRED)]
    return [(s.party, s.percent) for s in chosen]


def _carve(
    payees: list[tuple[Party, Decimal]],
    splits: list[tuple[int, int, Decimal]],
    parties: dict[int, Party],
) -> list[tuple[Party, Decimal]]:
    """The payees after royalty-stream buyers take their percent of a holder's share: the
    holder keeps the rest, weights still sum to 100 and the largest-remainder split of each
    line stays exact to the cent (a buyer already a payee gets one statement)."""
    if not splits:
        return payees
    weights: dict[int, Decimal] = {}
    by_id: dict[int, Party] = {}
    for party, share in payees:
        weights[party.pk] = weights.get(party.pk, ZERO) + share
        by_id[party.pk] = party
    for party, share in payees:
        for holder_id, buyer_id, percent in splits:
            if holder_id != party.pk:
                continue
            part = share * percent / HUNDRED
            weights[party.pk] -= part
            weights[buyer_id] = weights.get(buyer_id, ZERO) + part
            by_id.setdefault(buyer_id, parties[buyer_id])
    return [(by_id[pk], weight) for pk, weight in weights.items() if weight > 0]


def _term_end(terms: Terms) -> dt.date | None:
    return max((r.end for r in terms.rights), default=None)


def _stated(rows, periods: list[str]) -> dict[str, dict[Key, list]]:
    """What a contract's statements have stated per period and line so far: earnings of
    the period plus the adjustments restating it ([units, amount]; units of one payee,
    as every payee's line carries the line's units). ``rows``: the contract's statement
    lines (``Restating``), in payee then line order."""
    stated: dict[str, dict[Key, list]] = defaultdict(lambda: defaultdict(lambda: [0, ZERO]))
    first_payee: dict[str, int] = {}
    wanted = set(periods)
    for kind, stmt_period, payee_id, restates, work, channel, territory, fmt, units, amount in rows:
        period = restates if kind == LineKind.ADJUSTMENT else stmt_period
        if period not in wanted:  # the rows are of every restated contract's periods
            continue
        entry = stated[period][(work, channel, territory, fmt)]
        entry[1] += amount
        payee = first_payee.setdefault(f"{stmt_period}:{restates}", payee_id)
        if payee_id == payee:
            entry[0] += units
    return stated


def _late_sources(
    lines, pending: list[LateUsage], corrected: dict[int, int]
) -> dict[tuple[str, Key], dict]:
    """(period, line) → {report: [row numbers]} of the contract's lines in the late reports;
    a line only the corrected report had is the correction's, with no rows of its own.
    ``lines``: the contract's lines of the late and corrected reports (``Restating``)."""
    period_of = {late.report_id: late.period for late in pending}
    by_old = {old: new for new, old in corrected.items() if new in period_of}
    sources: dict[tuple[str, Key], dict] = defaultdict(lambda: defaultdict(list))
    for report_id, work, channel, territory, fmt, row_no in lines:
        if report_id not in period_of and report_id not in by_old:
            continue
        late = by_old.get(report_id, report_id)
        rows = sources[(period_of[late], (work, channel, territory, fmt))][late]
        if late == report_id:
            rows.append(row_no)
    return sources


def _chain(history: list[RoyaltyPeriod], late_usage: list[LateUsage]):
    """The contract's chain of stated periods, oldest first, and each one's bounds."""
    bounds = {h.period: (h.period_start, h.period_end) for h in history}
    for late in late_usage:
        bounds.setdefault(late.period, period_bounds(late.period))
    return bounds, sorted(bounds, key=lambda p: (*bounds[p], p))


class Restating:
    """What restating many contracts reads, read once for all of them.

    A late report usually touches most of a licensee's works, so a close may restate
    thousands of contracts: their chain periods' usage (one aggregate per period, as
    the close reads its own period), what their statements stated, and the late
    reports' lines are each one query for all of them, not one per contract.
    """

    def __init__(self, contracts: dict[int, tuple[list[RoyaltyPeriod], list[LateUsage]]]):
        self.usage: dict[tuple[int, str], list[tuple]] = defaultdict(list)
        self.stated: dict[int, list[tuple]] = defaultdict(list)
        self.sources: dict[int, list[tuple]] = defaultdict(list)
        self.names: dict[int, tuple] = {}
        if not contracts:
            return
        ids = sorted(contracts)
        by_period: dict[str, list[int]] = defaultdict(list)
        reports: set[int] = set()
        for cid, (history, late_usage) in contracts.items():
            for period in _chain(history, late_usage)[1]:
                by_period[period].append(cid)
            reports.update(late.report_id for late in late_usage if late.restated_in_id is None)
        for period, cids in by_period.items():
            for row in _usage_rows(cids, period):
                self.usage[(row[0], period)].append(row[1:])
        for row in (
            StatementLine.objects.filter(
                Q(statement__contract_id__in=ids)
                & (
                    Q(statement__period__in=list(by_period), kind=LineKind.EARNINGS)
                    | Q(kind=LineKind.ADJUSTMENT, restates_period__in=list(by_period))
                )
            )
            .order_by("statement__contract_id", "statement__payee_id", "pk")
            .values_list(
                "statement__contract_id",
                "kind",
                "statement__period",
                "statement__payee_id",
                "restates_period",
                "work_id",
                "channel",
                "territory",
                "format",
                "units",
                "amount",
            )
            .iterator(chunk_size=20_000)
        ):
            self.stated[row[0]].append(row[1:])
        self.names = {
            r.pk: (r.file_name, r.replaces_id) for r in UsageReport.objects.filter(pk__in=reports)
        }
        corrected = [old for _file, old in self.names.values() if old]
        for row in (
            UsageLine.objects.filter(report_id__in=[*reports, *corrected], contract_id__in=ids)
            .order_by("report_id", "row_no")
            .values_list(
                "contract_id", "report_id", "work_id", "channel", "territory", "format", "row_no"
            )
            .iterator(chunk_size=20_000)
        ):
            self.sources[row[0]].append(row[1:])


def _source_words(by_report: dict[int, list[int]], names: dict[int, tuple]) -> str:
    words = []
    for report_id, rows in sorted(by_report.items()):
        file_name, corrected = names[report_id]
        shown = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        kind = f"correction of report {corrected}" if corrected else "late"
        lines = f"rows {shown}" if rows else f"withdraws the lines of report {corrected}"
        words.append(f"report {report_id} “{file_name}” ({kind}) {lines}")
    return "; ".join(words)


def _restatement(
    contract,
    terms,
    history: list[RoyaltyPeriod],
    late_usage: list[LateUsage],
    rates_on,
    restating: Restating,
) -> tuple[list[Line], dict[str, int], Decimal]:
    """Restate the contract's chain of stated periods (late.py has the rule).

    Returns the adjustment lines and the chain's escalator position and rounding
    residue, which the period being closed continues from.
    """
    bounds, chain = _chain(history, late_usage)
    pending = [late for late in late_usage if late.restated_in_id is None]
    stated = _stated(restating.stated.get(contract.pk, ()), chain)
    names = {late.report_id: restating.names[late.report_id] for late in pending}
    sources = _late_sources(
        restating.sources.get(contract.pk, ()),
        pending,
        {new: old for new, (_file, old) in names.items() if old},
    )
    cumulative: dict[str, int] = {}
    residue = ZERO
    adjustments = []
    for period in chain:
        rows = restating.usage.pop((contract.pk, period), [])
        figures = compute_earnings(
            terms, rows, cumulative=cumulative, residue=residue, rates=rates_on(bounds[period][1])
        )
        cumulative, residue = figures.cumulative, figures.residue
        old = stated.get(period, {})
        new = {ln.key: ln for ln in figures.lines}
        for key in sorted(set(old) | set(new), key=_sort_key):
            old_units, old_amount = old.get(key, (0, ZERO))
            line = new.get(key)
            new_units, new_amount = (line.units, line.amount) if line else (0, ZERO)
            if new_amount == old_amount and new_units == old_units:
                continue
            by_report = sources.get((period, key), {})
            cause = (
                _source_words(by_report, names)
                if by_report
                else "escalator position moved by late usage"
            )
            adjustments.append(
                Line(
                    key=key,
                    kind=LineKind.ADJUSTMENT,
                    units=new_units - old_units,
                    amount=new_amount - old_amount,
                    rate=line.rate if line else "",
                    restates=period,
                    source=max(by_report) if by_report else None,
                    description=(
                        f"{period} restated ({cause}): units {old_units} → {new_units}, "
                        f"royalty {old_amount} → {new_amount} {terms.currency}"
                    ),
                )
            )
    return adjustments, cumulative, residue


def _sort_key(key: Key) -> tuple:
    work, channel, territory, fmt = key
    return (work or 0, channel, territory, fmt)


class Closer:
    """Closes one period for a batch of contracts in one transaction."""

    def __init__(self, period: str, *, enqueue_ledger: bool = True):
        self.period = period
        self.enqueue_ledger = enqueue_ledger
        self.start, self.end = period_bounds(period)
        self.rates = Rates(self.end)
        self.settings: dict[int, RoyaltySetting | None] = {}
        self.pool_unrecouped: dict[tuple, Decimal] = {}
        self.statements: list[tuple[Statement, list[Line]]] = []
        self.periods: list[RoyaltyPeriod] = []
        self._terms: dict[str, Terms] = {}
        self._rule_caches: dict[int, dict] = {}  # id(terms) → rate chosen per line shape
        self.timings: dict[str, float] = defaultdict(float)  # seconds per stage (benchmark)
        self._rates: dict[dt.date, Rates] = {self.end: self.rates}
        self._residencies: dict[int, ResidencyClaim] | None = None
        self.late: dict[int, list[LateUsage]] = defaultdict(list)
        self.restated: list[tuple[RoyaltyPeriod, list[int]]] = []  # period row, LateUsage ids

    def rates_on(self, day: dt.date) -> Rates:
        """Rates as a restated period's own close took them (its last day)."""
        if day not in self._rates:
            self._rates[day] = Rates(day)
        return self._rates[day]

    def residency(self, party_id: int) -> ResidencyClaim | None:
        """The payee's accepted tax residency on the period's last day (one query a close)."""
        if self._residencies is None:
            self._residencies = residencies_valid_on(on=self.end)
        return self._residencies.get(party_id)

    def setting(self, party_id: int) -> RoyaltySetting | None:
        if party_id not in self.settings:
            self.settings[party_id] = RoyaltySetting.objects.filter(party_id=party_id).first()
        return self.settings[party_id]

    def unrecouped(
        self, contract: Contract, terms: Terms, history: list[RoyaltyPeriod]
    ) -> tuple[tuple, Decimal]:
        setting = self.setting(contract.licensor_id)
        if setting and setting.cross_collateralise:
            key = ("pool", contract.licensor_id, contract.licensee_id, contract.currency)
            if key not in self.pool_unrecouped:
                pool = Contract.objects.filter(
                    licensor_id=contract.licensor_id,
                    licensee_id=contract.licensee_id,
                    currency=contract.currency,
                    status__in=["active", "expired", "terminated"],
                )
                advances = sum((c.get_terms().advance for c in pool), ZERO)
                recouped = (
                    RoyaltyPeriod.objects.filter(contract__in=pool).aggregate(s=Sum("recouped"))[
                        "s"
                    ]
                    or ZERO
                )
                self.pool_unrecouped[key] = advances - recouped
        else:
            key = ("contract", contract.pk)
            if key not in self.pool_unrecouped:
                recouped = sum((h.recouped for h in history), ZERO)
                self.pool_unrecouped[key] = terms.advance - recouped
        return key, self.pool_unrecouped[key]

    def close(self, contracts: list[Contract]) -> list[Statement]:
        started = time.perf_counter()
        by_id = {c.pk: c for c in contracts}
        history: dict[int, list[RoyaltyPeriod]] = defaultdict(list)
        for row in RoyaltyPeriod.objects.filter(contract_id__in=by_id).order_by("seq"):
            history[row.contract_id].append(row)
        done = {cid for cid, rows in history.items() if any(r.period == self.period for r in rows)}
        self.shares: dict[int, list[OwnershipShare]] = defaultdict(list)
        shares = list(
            OwnershipShare.objects.filter(work_id__in={c.work_id for c in contracts}).order_by(
                "party_id"
            )
        )
        # Parties loaded once each, not once per share: a publisher owns thousands of works.
        parties = Party.objects.in_bulk({s.party_id for s in shares})
        for share in shares:
            share.party = parties[share.party_id]
            self.shares[share.work_id].append(share)
        # Royalty-stream buyers' parts of holders' shares in this period (finance.streams).
        self.splits = payee_splits(
            work_ids=sorted({c.work_id for c in contracts}), start=self.start, end=self.end
        )
        self.split_parties = Party.objects.in_bulk(
            {buyer for parts in self.splits.values() for _holder, buyer, _pct in parts}
        )
        self.carried: dict[tuple[int, int], Decimal] = {}
        for st in Statement.objects.filter(
            contract_id__in=[cid for cid in by_id if history.get(cid)]
        ).order_by("period_start"):
            self.carried[(st.contract_id, st.payee_id)] = st.carried_forward
        usage: dict[int, list[tuple]] = defaultdict(list)
        for row in _usage_rows([c for c in by_id if c not in done], self.period):
            usage[row[0]].append(row[1:])
        # Every late-usage record (stated or not) of the contracts with one pending: the
        # restatement's chain includes the periods earlier ones were stated for.
        pending = LateUsage.objects.filter(
            contract_id__in=[c for c in by_id if c not in done], restated_in__isnull=True
        ).values("contract_id")
        for late in LateUsage.objects.filter(contract_id__in=pending).order_by("pk"):
            self.late[late.contract_id].append(late)
        self.timings["read usage"] += time.perf_counter() - started
        started = time.perf_counter()
        self.restating = Restating(
            {
                cid: (history[cid], late_usage)
                for cid, late_usage in self.late.items()
                if cid not in done
            }
        )
        self.timings["read what restating needs"] += time.perf_counter() - started
        started = time.perf_counter()
        for contract in contracts:
            if contract.pk in done:
                continue
            self._close_one(contract, history[contract.pk], usage.pop(contract.pk, []))
        self.timings["calculate"] += time.perf_counter() - started
        closed = self._write()
        if self.restated:
            started = time.perf_counter()
            # One statement for every restated contract (a late report may touch thousands).
            pairs = [(pk, row.pk) for row, late_ids in self.restated for pk in late_ids]
            with connection.cursor() as cursor:
                cursor.execute(
                    """UPDATE royalties_lateusage l SET restated_in_id = v.period_id
                         FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, period_id)
                        WHERE l.id = v.id""",
                    [[pk for pk, _ in pairs], [period for _, period in pairs]],
                )
            self.timings["mark late usage restated"] += time.perf_counter() - started
        return closed

    def terms(self, contract: Contract) -> Terms:
        # Contracts made from the same offer template share terms; parsing is ~1 ms each.
        key = json.dumps(contract.terms, sort_keys=True)
        if key not in self._terms:
            self._terms[key] = contract.get_terms()
        return self._terms[key]

    def _close_one(self, contract: Contract, history: list[RoyaltyPeriod], rows) -> None:
        terms = self.terms(contract)
        currency = terms.currency
        last = history[-1] if history else None
        if last and last.period_start >= self.start:
            raise ValidationError(
                {
                    "period": _("%(contract)s already closed %(closed)s, after %(period)s")
                    % {"contract": contract, "closed": last.period, "period": self.period}
                }
            )
        late_usage = self.late.get(contract.pk, [])
        if late_usage:
            adjustments, cumulative, residue = _restatement(
                contract, terms, history, late_usage, self.rates_on, self.restating
            )
        else:
            adjustments = []
            cumulative = last.cumulative_units if last else {}
            residue = last.residue if last else ZERO
        figures = compute_earnings(
            terms,
            rows,
            cumulative=cumulative,
            residue=residue,
            rates=self.rates,
            rule_cache=self._rule_caches.setdefault(id(terms), {}),
        )
        adjusted = sum((a.amount for a in adjustments), ZERO)
        seq = (last.seq if last else 0) + 1
        gross = figures.earnings + adjusted
        held = (
            round_money(max(gross, ZERO) * terms.reserve_percent / HUNDRED, currency)
            if terms.reserve_percent
            else ZERO
        )
        release_seq = seq - max(terms.reserve_periods, 1)
        released = sum((h.reserve_held for h in history if h.seq == release_seq), ZERO)
        available = gross - held + released
        pool_key, unrecouped = self.unrecouped(contract, terms, history)
        recouped = engine.recoupment(available=available, unrecouped=unrecouped)
        self.pool_unrecouped[pool_key] = unrecouped - recouped
        topup = ZERO
        term_end = _term_end(terms)
        if (
            terms.minimum_guarantee
            and term_end is not None
            and self.end >= term_end
            and not any(h.mg_topup for h in history)
        ):
            lifetime = sum((h.earnings + h.adjustments for h in history), ZERO) + gross
            topup = engine.minimum_guarantee_topup(
                guarantee=terms.minimum_guarantee, advance=terms.advance, lifetime_earnings=lifetime
            )
        period_row = RoyaltyPeriod(
            contract=contract,
            period=self.period,
            period_start=self.start,
            period_end=self.end,
            seq=seq,
            currency=currency,
            units=figures.units,
            earnings=figures.earnings,
            adjustments=adjusted,
            reserve_held=held,
            reserve_released=released,
            recouped=recouped,
            mg_topup=topup,
            residue=figures.residue,
            cumulative_units=figures.cumulative,
        )
        self.periods.append(period_row)
        if late_usage:
            self.restated.append(
                (period_row, [late.pk for late in late_usage if late.restated_in_id is None])
            )
        right_type = terms.rights[0].right_type if terms.rights else ALL_RIGHTS
        payees = _carve(
            _payees(contract, right_type, self.shares.get(contract.work_id, [])),
            self.splits.get(contract.work_id, []),
            self.split_parties,
        )
        self._statements(
            contract,
            period_row,
            payees,
            figures.lines,
            adjustments,
            {
                LineKind.RESERVE_HELD: -held,
                LineKind.RESERVE_RELEASED: released,
                LineKind.RECOUPMENT: -recouped,
                LineKind.MG_TOPUP: topup,
            },
        )

    def _statements(self, contract, period_row, payees, lines, adjustments, contract_items):
        currency = contract.currency
        weights = [share for _, share in payees]
        n = len(payees)
        per_payee: list[list[Line]] = [[] for _ in payees]

        def split(amount: Decimal) -> list[Decimal]:
            if n == 1:
                return [amount]
            return engine.split_largest_remainder(amount, weights, currency)

        if n == 1:
            per_payee[0].extend(lines)  # a sole payee takes the contract's own lines
            per_payee[0].extend(adjustments)
        else:
            for source in (*lines, *adjustments):
                for i, part in enumerate(split(source.amount)):
                    per_payee[i].append(
                        Line(
                            key=source.key,
                            units=source.units,
                            basis=source.basis,
                            rate=source.rate,
                            amount=part,
                            kind=source.kind,
                            description=source.description,
                            restates=source.restates,
                            source=source.source,
                        )
                    )
        for kind, amount in contract_items.items():
            if not amount:
                continue
            for i, part in enumerate(split(amount)):
                per_payee[i].append(Line(key=(None, "", "", ""), kind=kind, amount=part))
        for (payee, share), items in zip(payees, per_payee, strict=True):
            totals = defaultdict(lambda: ZERO)
            for item in items:
                totals[item.kind] += item.amount
            base = sum(totals.values(), ZERO)
            wht = self.rates.withholding(contract.licensee.country, payee, self.residency(payee.pk))
            tax_rate, tax_source = wht.rate, wht.source
            tax = round_money(max(base, ZERO) * tax_rate / HUNDRED, currency) if tax_rate else ZERO
            if tax:
                items.append(
                    Line(
                        key=(None, "", "", ""),
                        kind=LineKind.TAX,
                        amount=-tax,
                        rate=f"{tax_rate.normalize():f} %",
                        description=tax_source,
                    )
                )
            opening = self.carried.get((contract.pk, payee.pk), ZERO)
            closing = opening + base - tax
            payable = max(closing, ZERO)
            setting = self.setting(payee.pk)
            stmt_currency = (setting.statement_currency if setting else "") or currency
            fx = self.rates.fx(currency, stmt_currency)
            if stmt_currency == currency:
                for item in items:
                    item.exact = item.amount
            else:
                stmt_amounts, _ = engine.round_carry(
                    (item.amount * fx.rate for item in items), stmt_currency
                )
                for item, amount in zip(items, stmt_amounts, strict=True):
                    item.exact = amount  # statement-currency amount, rounded with carry
            statement = Statement(
                royalty_period=period_row,
                contract=contract,
                payee=payee,
                period=self.period,
                period_start=self.start,
                period_end=self.end,
                share_percent=share,
                currency=currency,
                statement_currency=stmt_currency,
                fx_rate=fx.rate,
                fx_source=fx.source,
                fx_as_of=fx.as_of,
                language=(setting.statement_language if setting else "") or settings.LANGUAGE_CODE,
                opening_balance=opening,
                earnings=totals[LineKind.EARNINGS],
                adjustments=totals[LineKind.ADJUSTMENT],
                reserve_held=-totals[LineKind.RESERVE_HELD],
                reserve_released=totals[LineKind.RESERVE_RELEASED],
                recouped=-totals[LineKind.RECOUPMENT],
                mg_topup=totals[LineKind.MG_TOPUP],
                tax_rate=tax_rate,
                tax_source=tax_source,
                tax_basis=wht.basis,
                tax_residence=wht.residence if wht.basis else "",
                tax_article=wht.article,
                tax_residency_id=wht.residency_id,
                tax=tax,
                closing_balance=closing,
                amount_payable=payable,
                carried_forward=closing - payable,
                earnings_stmt=sum((i.exact for i in items if i.kind == LineKind.EARNINGS), ZERO),
                amount_payable_stmt=round_money(payable * fx.rate, stmt_currency),
            )
            self.statements.append((statement, items))

    def _write(self) -> list[Statement]:
        started = time.perf_counter()
        _copy_insert(RoyaltyPeriod, self.periods)
        for statement, _items in self.statements:
            statement.royalty_period_id = statement.royalty_period.pk
        if not self.statements:
            return []
        _copy_insert(Statement, [s for s, _ in self.statements])
        with connection.cursor() as cursor:
            # The lines' statement-level triggers join their transition table to the
            # statements; planned on statistics from before this close doubled the table,
            # the restating close's COPY took 23 s for 27,000 lines (1.2 s after this).
            cursor.execute("ANALYZE royalties_statement")
        self.timings["write periods and statements"] += time.perf_counter() - started
        started = time.perf_counter()
        columns = (
            "statement_id, position, kind, work_id, channel, territory, format, units,"
            " basis_amount, rate, amount, amount_stmt, description, restates_period,"
            " source_report_id"
        )
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY royalties_statementline ({columns}) FROM STDIN",
                writer=QueuedLibpqWriter(cursor.cursor),  # send while formatting the next rows
            ) as copy,
        ):
            # COPY text formatted here, not by write_row: half a million lines in a big
            # close, and write_row's per-value adaptation was most of this stage. Ids,
            # codes and numbers need no escaping; the free text (format, rate label,
            # description) is escaped.
            text = []
            for statement, items in self.statements:
                for position, item in enumerate(items, start=1):
                    work, channel, territory, fmt = item.key
                    text.append(
                        f"{statement.pk}\t{position}\t{item.kind}\t"
                        f"{_NULL if work is None else work}\t{channel}\t{territory}\t"
                        f"{fmt.translate(_COPY_ESCAPES)}\t{item.units}\t{item.basis}\t"
                        f"{item.rate[:80].translate(_COPY_ESCAPES)}\t{item.amount}\t"
                        f"{item.exact}\t{item.description[:500].translate(_COPY_ESCAPES)}\t"
                        f"{item.restates}\t{_NULL if item.source is None else item.source}\n"
                    )
                if len(text) >= 5000:
                    copy.write("".join(text))
                    text.clear()
            if text:
                copy.write("".join(text))
        with connection.cursor() as cursor:
            # The next restating close reads these lines back; planned on statistics from
            # before they existed, that read swung from 12 s to 78 s.
            cursor.execute("ANALYZE royalties_statementline")
        self.timings["write statement lines (COPY)"] += time.perf_counter() - started
        started = time.perf_counter()
        now = timezone.now()
        ids = [statement.pk for statement, _ in self.statements]
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE royalties_statement SET status = 'closed', closed_at = %s"
                " WHERE id = ANY(%s)",
                [now, ids],
            )
        # Ledger entries are posted after commit, in batches, by an idempotent task
        # (one journal entry per statement, keyed by the statement): a close of ten
        # thousand contracts commits in seconds and the ledger catches up right after.
        self.timings["mark closed"] += time.perf_counter() - started
        for i in range(0, len(ids) if self.enqueue_ledger else 0, LEDGER_BATCH):
            batch = ids[i : i + LEDGER_BATCH]
            transaction.on_commit(lambda batch=batch: _enqueue_ledger(batch))
        closed, work_ids = [], set()
        for statement, items in self.statements:
            statement.status, statement.closed_at = StatementStatus.CLOSED, now
            work_ids.update(i.key[0] for i in items if i.key[0] is not None)
            closed.append(statement)
        # One event per close, not per statement: a subscriber does one query for the lot.
        events.publish(
            StatementsClosed(
                period=self.period, statement_ids=tuple(ids), work_ids=tuple(sorted(work_ids))
            )
        )
        return closed


# COPY text format: NULL, and the four characters a text field must escape.
_NULL = "\\N"
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_insert(model, objects: list) -> None:
    """``bulk_create`` by COPY, for a close's thousands of periods and statements.

    Ids come from the table's identity sequence first, so the objects get their
    primary keys as with ``bulk_create`` (Django's per-field preparation of 470,000
    values took 2.5 s of a 10,000-contract close).
    """
    if not objects:
        return
    meta = model._meta
    fields = meta.concrete_fields
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [meta.db_table, len(objects)],
        )
        for obj, (pk,) in zip(objects, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {meta.db_table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row(
                    [
                        json.dumps(value, cls=DjangoJSONEncoder)
                        if isinstance(field, models.JSONField)
                        else value
                        for field in fields
                        for value in (field.pre_save(obj, True),)
                    ]
                )
    for obj in objects:
        obj._state.adding, obj._state.db = False, connection.alias


LEDGER_BATCH = 500
_LEDGER_FIELDS = (
    "contract_id",
    "contract__number",
    "contract__version",
    "contract__licensee_id",
    "contract__licensor_id",
    "payee_id",
    "payee__original_name",
    "currency",
    "period",
    "period_end",
    "earnings",
    "adjustments",
    "mg_topup",
    "reserve_held",
    "reserve_released",
    "recouped",
    "tax",
)


def _enqueue_ledger(statement_ids: list[int]) -> None:
    from licensing.royalties.tasks import statements_post_ledger  # tasks import services

    statements_post_ledger.delay(statement_ids)


def statements_post_ledger_now(statement_ids: list[int]) -> int:
    """Post the journal entries of closed statements; idempotent (keyed by statement).

    A batch costs a handful of queries whatever its size — the statements'
    totals (as plain rows), the pledge redirections, the accounts and the two
    INSERTs of ``journal_post_many`` — in one transaction: all-or-nothing and
    idempotent, so a failed batch is simply retried.
    """
    rows = list(
        Statement.objects.filter(pk__in=statement_ids, status=StatementStatus.CLOSED)
        .order_by("pk")
        .values(*_LEDGER_FIELDS)
    )
    # A retry (the task is acks_late) skips what an earlier run posted before building
    # postings: a pledge registered or released since would route the licensor's share
    # elsewhere, and the ledger refuses a key replayed with other postings.
    keys = {
        Statement.ledger_key_for(row["contract_id"], row["period"], row["payee_id"]): row
        for row in rows
    }
    posted = posted_keys(keys)
    rows = [row for key, row in keys.items() if key not in posted]
    pledgees = payee_redirects(sorted({row["contract__number"] for row in rows}))
    plans = [(row, statement_postings(row, pledgees)) for row in rows]
    accounts = accounts_by_key(
        keys=[
            (party_id, kind, row["currency"]) for row, lines in plans for party_id, kind, _ in lines
        ]
    )
    specs = []
    for row, lines in plans:
        if len(lines) < 2:
            continue
        reference = Contract.reference_for(row["contract__number"], row["contract__version"])
        specs.append(
            EntrySpec(
                memo=f"Royalty statement {reference} {row['period']} {row['payee__original_name']}",
                lines=[
                    (accounts[(party_id, kind, row["currency"])], amount)
                    for party_id, kind, amount in lines
                ],
                idempotency_key=Statement.ledger_key_for(
                    row["contract_id"], row["period"], row["payee_id"]
                ),
                reference=f"contract:{reference}",
                effective_on=row["period_end"],
            )
        )
    return journal_post_many(specs=specs)


def statement_postings(row: dict, pledgees: dict[str, int]) -> list[tuple[int, str, Decimal]]:
    """(party id, account kind, amount) postings of a closed statement (docs/royalties.md,
    "Ledger"), from the statement's own totals.

    The licensor's share goes to its payable account, or to the pledgee's
    escrow account when the licensor's receivables are pledged and redirected.
    """
    receivable = row["earnings"] + row["adjustments"] + row["mg_topup"]
    reserve = row["reserve_released"] - row["reserve_held"]
    payable = receivable + reserve - row["recouped"] - row["tax"]
    licensee, payee = row["contract__licensee_id"], row["payee_id"]
    pledgee = (
        pledgees.get(row["contract__number"]) if payee == row["contract__licensor_id"] else None
    )
    lines = [
        (licensee, AccountKind.RECEIVABLE, receivable),
        (licensee, AccountKind.ADVANCE, -row["recouped"]),
        (payee, AccountKind.RESERVE, reserve),
        (licensee, AccountKind.TAX_WITHHELD, -row["tax"]),
        (pledgee, AccountKind.ESCROW, -payable)
        if pledgee is not None
        else (payee, AccountKind.PAYABLE, -payable),
    ]
    return [(party, kind, amount) for party, kind, amount in lines if amount]


def period_close(
    *,
    contracts: list[Contract],
    period: str,
    timings: dict | None = None,
    enqueue_ledger: bool = True,
) -> list[Statement]:
    """Close ``period`` for ``contracts``; contracts already closed for it are skipped.

    The statements' journal entries are posted after commit by the
    ``statements_post_ledger`` task; a caller that posts them itself
    (the benchmark) passes ``enqueue_ledger=False``.
    """
    started = time.perf_counter()
    with transaction.atomic():
        # In id order, like every closer, so two closes wait rather than deadlock.
        locked = list(
            Contract.objects.select_for_update()
            .filter(pk__in=[c.pk for c in contracts])
            .order_by("pk")
        )
        # Each party once (a close of 10,000 contracts has a few dozen distinct parties).
        parties = Party.objects.in_bulk(
            {c.licensee_id for c in locked} | {c.licensor_id for c in locked}
        )
        for contract in locked:
            contract.licensee, contract.licensor = (
                parties[contract.licensee_id],
                parties[contract.licensor_id],
            )
        with connection.cursor() as cursor:
            # The usage aggregate sorts a period's lines; in memory, not in temp files.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        closer = Closer(period, enqueue_ledger=enqueue_ledger)
        closer.timings["lock and load contracts"] = time.perf_counter() - started
        statements = closer.close(locked)
        started = time.perf_counter()
    closer.timings["commit (and after-commit events)"] = time.perf_counter() - started
    if timings is not None:
        timings.update(closer.timings)
    return statements
