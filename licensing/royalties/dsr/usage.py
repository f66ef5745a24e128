"""DSR records → the usage import's rows (``readers.FIELDS`` order), one per usage record.

A usage record (SU01 downloads, SU02 streams, SU03 UGC/AV per-resource usages) names the
release or resource of its block it reports (TransactedRelease / TransactedResource,
Part 1 §6.4.3; SU03 by DspResourceId) and its summary record (SummaryRecordId, §6.4.4),
which carries the sales context: territory, use type, currency and net revenue. So:

- identifiers, title, artist: from the block's AS (ISRC, title, display artist; ISWC and
  composers from AS02 or the MW01 records after an AS01) or RE record (ICPN, DspReleaseId);
- units: SU01 ``Usages`` − ``Returns``, SU02 ``NumberOfStreams``, SU03 ``Usages``;
- net receipts: SU03 ``NetRevenue``; SU01/SU02 carry none, so the summary's
  ``NetRevenue`` is shared out by usages (4 decimals, the column's scale);
- list price: ``PriceConsumerPaidExcSalesTax`` (per transaction) when given;
- channel: the summary's UseType through ``USE_TYPES``; line id: SalesTransactionId.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils.translation import gettext as _

from licensing.royalties.dsr import reader
from licensing.royalties.dsr.reconcile import Ledger

# DDEX UseType (Part 2 allowed values) → the platform's channels; others pass through
# as written and are resolved (or held as unmapped) by vocabulary.py.
USE_TYPES = {
    "stream": "streaming",
    "ondemandstream": "streaming",
    "noninteractivestream": "streaming",
    "contentinfluencedstream": "streaming",
    "timeinfluencedstream": "streaming",
    "permanentdownload": "download",
    "download": "download",
    "conditionaldownload": "subscription",
    "tethereddownload": "subscription",
    "broadcast": "broadcast",
    "webcast": "streaming",
}
RESOURCE_FORMATS = {"soundrecording": "track", "video": "music_video"}
RELEASE_FORMATS = {"album": "album", "single": "single", "ep": "ep", "videosingle": "music_video"}
CENTS = Decimal("0.0001")

Row = tuple[int, tuple[str, ...]]


class _Block:
    __slots__ = ("by_dsp_id", "id", "last", "releases", "resources")

    def __init__(self, block_id: str):
        self.id = block_id
        self.resources: dict[str, list[str]] = {}
        self.by_dsp_id: dict[str, list[str]] = {}
        self.releases: dict[str, list[str]] = {}
        self.last: list[str] | None = None  # the AS01 a following MW01 describes


def _first(cell: str) -> str:
    values = reader.values(cell)
    return values[0] if values else ""


def _describe(line: reader.Line, block: _Block) -> None:
    rtype, cells = line.rtype, line.cells
    positions = rtype.positions

    def get(name: str, default: str | None = None) -> str | None:
        i = positions.get(name)
        return cells[i] if i is not None else default

    family = rtype.family
    if family == "AS":
        # [isrc, iswc, identifier, title, creator, format]
        described = [
            _first(get("ISRC", "")),
            _first(get("ISWC", "")),
            get("DspResourceId", ""),
            reader.text(get("Title", "")),
            _first(get("DisplayArtistName", "")),
            RESOURCE_FORMATS.get(get("ResourceType", "").lower(), ""),
        ]
        block.resources[get("ResourceReference", "")] = described
        block.by_dsp_id[described[2]] = described
        block.last = described
    elif family == "MW" and block.last is not None:
        if not block.last[1]:
            block.last[1] = _first(get("ISWC", ""))
        if not block.last[4]:
            block.last[4] = _first(get("ComposerAuthor", ""))
    elif family == "RE" and get("ReleaseReference") is not None:
        block.releases[get("ReleaseReference", "")] = [
            "",
            "",
            get("ICPN", "") or get("DspReleaseId", "") or get("DspSubReleaseId", ""),
            reader.text(get("Title", "")) if get("Title") else "",
            _first(get("DisplayArtistName", "")),
            RELEASE_FORMATS.get(get("ReleaseType", "").lower(), ""),
        ]


def read_dsr(path, mapping=None) -> Iterator[Row]:
    """The usage rows of the DSR report in ``path`` (a path or a list of the report's files)."""
    paths = [os.fspath(path)] if isinstance(path, str | os.PathLike) else list(path)
    ledger = Ledger()
    block = _Block("")
    for line in reader.records(paths):
        rtype, cells = line.rtype, line.cells
        family = rtype.family
        if family == "SY":
            ledger.add(line)
            continue
        if cells[1] != block.id:
            block = _Block(cells[1])
        if family != "SU":
            _describe(line, block)
            continue
        yield _usage(line, block, ledger)
    ledger.check()


def _usage(line: reader.Line, block: _Block, ledger: Ledger) -> Row:
    rtype, cells = line.rtype, line.cells
    index = rtype.index
    summary = ledger.get(cells[index("SummaryRecordId")], line)
    if rtype.code.startswith("SU03"):
        described = block.by_dsp_id.get(cells[index("DspResourceId")])
    else:
        resource = cells[index("TransactedResource")]
        release = cells[index("TransactedRelease")]
        described = block.resources.get(resource) if resource else block.releases.get(release)
    if described is None:
        raise reader.DsrError(
            code="dsr_unknown_reference",
            message=_("the usage record names no release or resource of its block (Part 1 §6.4.3)"),
            where=reader.where(line.file_no, line.line_no, rtype.code),
        )
    usages_at = rtype.first_index(("Usages", "NumberOfStreams"))
    units_raw = cells[usages_at]
    try:
        usages = int(units_raw)
        returns_at = index("Returns")
        units = usages - (int(cells[returns_at] or 0) if returns_at else 0)
    except ValueError:
        usages, units = 0, None
    summary.detail += usages
    net_at = index("NetRevenue")
    if net_at:
        net = cells[net_at]
    elif summary.net is not None and summary.declared and units is not None:
        net = str((summary.net * units / summary.declared).quantize(CENTS, ROUND_HALF_EVEN))
    else:
        net = "0"
    price_at = index("PriceConsumerPaidExcSalesTax")
    isrc, iswc, identifier, title, creator, fmt = described
    return line.row_no, (
        "",  # isbn
        isrc,
        iswc,
        identifier,
        title,
        creator,
        summary.territory,
        USE_TYPES.get(summary.use_type.lower(), summary.use_type.lower()),
        fmt,
        str(units) if units is not None else units_raw,
        cells[price_at] if price_at else "",
        net,
        summary.currency,
        "",  # period: the report's
        "",  # gross
        cells[index("SalesTransactionId")],
    )
