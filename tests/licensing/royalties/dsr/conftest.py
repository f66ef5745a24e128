"""The DSR fixture files (tests/licensing/royalties/dsr/files), written cell by cell from the
standard's field lists: DDEX's Basic Audio Profile 1.2 and UGC Profile 1.2 XSDs (record
types, cells and their order; DSR Part 8 §5), the file structure of DSR Part 1 §6.2/§6.3
and its file naming convention (§8.1). docs/royalties.md, *DDEX DSR*, cites the sources."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FILES = Path(__file__).with_name("files")
NAME = "DSR_PADPIDA2014111801Y_PADPIDA2014999999Z_{service}_2027-Q1_VN_{part}20270405T100000.tsv"
SINGLE = FILES / NAME.format(service="Premium", part="")
PART_1 = FILES / NAME.format(service="Premium", part="1of2_")
PART_2 = FILES / NAME.format(service="Premium", part="2of2_")
UGC = FILES / NAME.format(service="AdSupport", part="")


@pytest.fixture
def edit(tmp_path):
    """A copy of a fixture file with one line's text replaced (for the refusals)."""

    def edit(source: Path, old: str, new: str, name: str | None = None) -> str:
        text = source.read_text(encoding="utf-8")
        assert old in text, old
        target = tmp_path / (name or source.name)
        target.write_text(text.replace(old, new, 1), encoding="utf-8", newline="")
        return str(target)

    return edit


@pytest.fixture
def copy(tmp_path):
    def copy(source: Path) -> str:
        return str(shutil.copy(source, tmp_path / source.name))

    return copy
