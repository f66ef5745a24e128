"""bench_royalties' usage files and their independent DuckDB baseline.

Two files per run: the on-time report for ``PERIOD`` (``lines`` rows) and a late
report for the same period, posted after ``PERIOD`` closed, of ``lines // 10`` new
rows (the late path) followed by ``lines // 10`` rows repeated from the on-time file
(the overlap path: skipped at review). Every row carries the licensee's own
``line_id``, as a file whose rows may genuinely repeat should (overlap.py), so a
repeated row is recognised and two equal sales are not.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from pathlib import Path

from stdnum import ean

from licensing.royalties.readers import USAGE_COLUMNS

TERRITORIES = (
    "VN TH MY ID PH SG KH LA MM BN CN HK TW MO JP KR IN AU NZ US CA GB FR DE IT ES NL BR MX ZA"
).split()
# The channel column keeps the spellings licensees' files used before channels and
# formats were split (licensing.terms.LEGACY_CHANNELS reads them); the format column
# carries platform format codes.
CHANNELS = ("print", "ebook", "audiobook", "streaming", "subscription")
FORMATS = {
    "print": "paperback",
    "ebook": "ebook",
    "audiobook": "audiobook",
    "streaming": "",
    "subscription": "",
}
RATES = [
    {
        "channel": "print",
        "basis": "list_price",
        "rate": "10",
        "escalators": [{"above_units": 2000, "rate": "12.5"}],
    },
    {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
    {"channel": "audiobook", "basis": "net_receipts", "rate": "20"},
    {"channel": "streaming", "basis": "per_unit", "rate": "0.01"},
    {"channel": "subscription", "basis": "net_receipts", "rate": "15"},
]
PERIOD = "2027-Q1"
NEXT_PERIOD = "2027-Q2"  # its close restates PERIOD with the late report's lines
HEADER = ["line_id", "isbn", "title", "author", *USAGE_COLUMNS]


def isbn13(n: int) -> str:
    body = f"979{n:09d}"
    return body + ean.calc_check_digit(body)  # an ISBN-13 is an EAN-13


def generate(
    on_time: Path, late: Path, lines: int, titles: list[str], isbns: list[str], seed: int
) -> tuple[int, int]:
    """Write both files; returns (late rows, repeated rows) of the late file."""
    rng = random.Random(seed)
    n = len(titles)
    # Popularity is skewed: a few titles sell in many territories (Pareto).
    weights = [1 / (i + 1) ** 0.8 for i in range(n)]
    extra = lines // 10
    picks = rng.choices(range(n), weights=weights, k=lines + extra)
    repeated: list[list] = []
    with open(on_time, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for k in range(lines):
            row = _row(rng, k, picks[k], titles, isbns)
            writer.writerow(row)
            if len(repeated) < extra and rng.random() < 0.1:
                repeated.append(row)
    with open(late, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for k in range(lines, lines + extra):
            writer.writerow(_row(rng, k, picks[k], titles, isbns))
        writer.writerows(repeated)
    return extra, len(repeated)


def _row(rng: random.Random, k: int, w: int, titles, isbns) -> list:
    channel = CHANNELS[k % 5]
    territory = TERRITORIES[rng.randrange(30)]
    r = rng.random()
    isbn = isbns[w]
    bad = r < 0.0005  # a bad row: quarantined (an unknown territory would be held to map)
    if r < 0.01:
        isbn = ""  # title only: fuzzy match
    elif r < 0.06:
        isbn = f"{isbn[:3]}-{isbn[3:5]}-{isbn[5:9]}-{isbn[9:12]}-{isbn[12]}"
    units = rng.randint(1, 400) if channel != "streaming" else rng.randint(10, 2_000)
    if r > 0.98 and channel == "print":
        units = -rng.randint(1, 5)  # returns
    price = Decimal(rng.randrange(499, 2999)) / 100
    net = (price * units * Decimal("0.55")).quantize(Decimal("0.01"))
    return [
        f"L{k}",
        isbn,
        titles[w],
        "",
        territory,
        channel,
        FORMATS[channel],
        "n/a" if bad else units,
        price,
        net,
        "USD",
        PERIOD,
    ]


def duckdb_totals(paths: list[Path]) -> dict:
    """DuckDB sums the files' distinct lines (a repeated line, same ``line_id`` and
    figures, counts once) per title and channel with exact DECIMALs; the rate formula
    is then applied per contract in Decimal at 50 digits (DuckDB divides decimals in
    floating point) and rounded half-even once per contract total, which is what the
    engine's carried per-line rounding sums to — over a period and its restatements."""
    import duckdb

    lines = "read_csv(?, header=true, all_varchar=true)"
    if len(paths) > 1:
        lines = f"(SELECT DISTINCT * FROM {lines})"  # noqa: S608 (constant text)
    sql = f"""
    SELECT title, channel, sum(CAST(units AS BIGINT)),
           sum(CAST(list_price AS DECIMAL(18,4)) * CAST(units AS BIGINT)),
           sum(CAST(net_receipts AS DECIMAL(18,4)))
      FROM {lines}
     WHERE units <> 'n/a'
     GROUP BY 1, 2
    """  # noqa: S608 (constant text)
    rows = duckdb.connect().execute(sql, [[str(p) for p in paths]]).fetchall()
    per_contract: dict[str, Decimal] = defaultdict(Decimal)
    units_total = 0
    with localcontext() as ctx:
        ctx.prec = 50
        for title, channel, units, list_amount, net in rows:
            units_total += units
            list_amount, net = Decimal(list_amount), Decimal(net)
            if channel == "print":
                if units <= 2000:
                    exact = list_amount * Decimal("0.10")
                else:
                    weighted = 2000 * Decimal("0.10") + (units - 2000) * Decimal("0.125")
                    exact = list_amount * weighted / units
            else:
                exact = {
                    "ebook": net * Decimal("0.25"),
                    "audiobook": net * Decimal("0.20"),
                    "streaming": units * Decimal("0.01"),
                    "subscription": net * Decimal("0.15"),
                }[channel]
            per_contract[title] += exact
        per_title = {
            title: exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            for title, exact in per_contract.items()
        }
    return {
        "royalty": sum(per_title.values(), Decimal(0)),
        "units": units_total,
        "per_title": per_title,
    }
