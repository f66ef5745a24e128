"""The DSR profiles this reader supports: each record type's cells, in the standard's order.

The field lists are data (``profiles.json``), taken from DDEX's own profile XSDs
(see docs/royalties.md, *DDEX DSR*): Basic Audio 1.1 and 1.2, Audio-visual 1.1 and
UGC 1.2, multi-record-block variant. A profile is named in HEAD cell 3 and its version
in cell 4 (Part 8 §5.1.1); record types carry their own version suffix ("SY02.02",
"AS01.01"), some none ("RE01", "SU02"), exactly as the profile binds them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("profiles.json")

# Which cell of a summary record holds its usage total, and of a detail record its usages
# (Part 8 §5.2 and §5.6, cell names as the XSDs give them).
SUMMARY_USAGES = ("Usages", "TotalUsages", "UsagesInReportingPeriod")
DETAIL_USAGES = ("Usages", "NumberOfStreams")
# Summary types that always summarise detail records; the others (per-subscriber minima,
# per-licensor allocations) are reconciled only when detail records point to them.
DETAIL_SUMMARIES = ("SY01", "SY02", "SY06")


@dataclass(frozen=True)
class RecordType:
    code: str  # as written in the file's first cell, e.g. "SY02.02"
    cells: tuple[str, ...]  # after the RecordType cell
    required: frozenset[str]
    positions: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        # Cell look-ups run for every record of a multi-million-line report: one dict hit.
        self.positions.update({name: i + 1 for i, name in enumerate(self.cells)})

    @property
    def family(self) -> str:
        return self.code[:2]  # SY summary, RE release, AS resource, MW work, SU usage, …

    def index(self, name: str) -> int | None:
        """Position of cell ``name`` in a split line (the RecordType cell is 0)."""
        return self.positions.get(name)

    def first_index(self, names) -> int | None:
        for name in names:
            i = self.index(name)
            if i is not None:
                return i
        return None


@cache
def _all() -> dict[str, dict[str, RecordType]]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return {
        key.casefold(): {
            code: RecordType(code, tuple(spec["cells"]), frozenset(spec["required"]))
            for code, spec in records.items()
        }
        for key, records in raw.items()
        if not key.startswith("_")
    }


def supported() -> list[str]:
    raw = json.loads(_DATA.read_text(encoding="utf-8"))
    return [key.replace("/", " ") for key in raw if not key.startswith("_")]


def profile(name: str, version: str) -> dict[str, RecordType] | None:
    """The record types of ``name`` ``version`` (profile names compare case-blind: the
    standard's samples write both "UgcProfile" and "UGCProfile"), or None."""
    return _all().get(f"{name}/{version}".casefold())
