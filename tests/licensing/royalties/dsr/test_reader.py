"""The DSR reader against files written from the standard (see conftest.py).

Each test names the clause of DSR Part 1 (Architecture) or Part 8 (Record Type
Definitions) it follows; the expected values are read off the fixture files by hand.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from catalog.identifiers import normalise_identifier
from licensing.royalties.dsr import reader, sniff
from licensing.royalties.dsr.files import assemble
from licensing.royalties.dsr.reader import DsrError
from licensing.royalties.dsr.usage import read_dsr
from licensing.royalties.readers import FIELDS

from .conftest import PART_1, PART_2, SINGLE, UGC


def rows(path):
    return [(row_no, dict(zip(FIELDS, values, strict=True))) for row_no, values in read_dsr(path)]


def refusal(path) -> DsrError:
    with pytest.raises(DsrError) as caught:
        rows(path)
    return caught.value


def test_fixture_identifiers_are_valid():
    for scheme, value in (
        ("isrc", "CNA012700001"),
        ("isrc", "CNA012700002"),
        ("iswc", "T0345246801"),
    ):
        assert normalise_identifier(scheme, value)


def test_basic_audio_12_single_file_gives_one_usage_row_per_sales_record():
    """Part 1 §6.2 (HEAD, summaries, blocks, FOOT); Part 8 SU02/SU01 link to the block's
    resource (TransactedResource, §6.4.3) and to their summary record (§6.4.4), which
    carries territory, use type and currency; SU01 usages minus returns."""
    got = rows(str(SINGLE))
    assert [r["line_id"] for _, r in got] == ["T1", "T2", "T3"]
    stream, download, second = (r for _, r in got)
    expected = {
        "isrc": "CNA012700001",
        "iswc": "T0345246801",
        "identifier": "DSPRES1",
        "title": "Song One",
        "creator": "Artist A",
        "territory": "VN",
        "channel": "streaming",
        "format": "track",
        "units": "1000",
        "currency": "USD",
    }
    assert {key: stream[key] for key in expected} == expected
    # SU02 has no revenue cell: the summary's NetRevenue 6.00 is shared by usages 1000:500.
    assert (stream["net_receipts"], second["net_receipts"]) == ("4.0000", "2.0000")
    assert (download["channel"], download["units"], download["list_price"]) == (
        "download",
        "3",
        "0.90",
    )
    assert download["net_receipts"] == "2.7000"
    # AS01.01 then MW01.01 (the profile's alternative to AS02): the work's composer is the
    # creator only where the recording names no artist; the title is unescaped (§6.6.4).
    assert second["title"] == "Song Two |Live\\Remix" and second["creator"] == "Artist B"
    assert second["isrc"] == "CNA012700002"


def test_row_numbers_are_the_file_lines():
    """Usage rows are numbered by their line, headings (§6.6.17) included."""
    assert [row_no for row_no, _ in rows(str(SINGLE))] == [10, 11, 15]


def test_gzip_input_reads_the_same(tmp_path):
    """A report may be sent gzip-compressed (".tsv.gz", Part 1 §8.1's file extension)."""
    packed = tmp_path / (SINGLE.name + ".gz")
    packed.write_bytes(gzip.compress(SINGLE.read_bytes()))
    assert sniff(str(packed)) and sniff(str(SINGLE))
    assert rows(str(packed)) == rows(str(SINGLE))


def test_split_report_is_read_in_file_number_order():
    """Part 1 §6.3: each file starts with HEAD (FileNumber/NumberOfFiles), repeats the
    summaries, ends with FOOT; the report totals are in the last file's FOOT."""
    single = [r for _, r in rows(str(SINGLE))]
    assert [r for _, r in rows([str(PART_2), str(PART_1)])] == single


def test_split_report_assembled_into_one_file_reads_the_same():
    path = assemble([str(PART_2), str(PART_1)])
    try:
        assert [r for _, r in rows(path)] == [r for _, r in rows(str(SINGLE))]
    finally:
        os.unlink(path)


def test_split_report_without_its_last_file_is_refused():
    """Part 1 §6.3: the last file is told by FileNumber = NumberOfFiles."""
    assert refusal([str(PART_1)]).code_name == "dsr_missing_files"


def test_split_report_files_carry_the_same_summaries(edit):
    """Part 1 §6.3: the summary sets in the various files all contain the same data."""
    other = edit(PART_2, "\t6.00\t", "\t6.50\t")
    assert refusal([str(PART_1), other]).code_name == "dsr_summaries_differ"


def test_summary_usages_must_match_the_detail(edit):
    """Part 1 §6.4.4: SU records contribute to the summary record they name; SY02.02's
    Usages (Part 8) must equal the SU02 NumberOfStreams pointing to it (1000 + 500)."""
    error = refusal(edit(SINGLE, "\t1500\t", "\t1600\t"))
    assert error.code_name == "dsr_summary_mismatch"
    assert "S1 declares 1600 usages" in error.messages[0] and "1500" in error.messages[0]


def test_usage_record_naming_no_summary_is_refused(edit):
    """Part 1 §6.6.15: SummaryRecordId must point to a summary record."""
    path = edit(SINGLE, "SU02\t2\tS1\t", "SU02\t2\tS9\t")
    assert refusal(path).code_name == "dsr_unknown_summary"


@pytest.mark.parametrize(
    ("old", "new", "cell"),
    [
        ("FOOT\t16\t", "FOOT\t17\t", "NumberOfLinesInFile"),
        ("FOOT\t16\t16\t", "FOOT\t16\t15\t", "NumberOfLinesInReport"),
        ("\t2\t2\t2\n", "\t1\t2\t2\n", "NumberOfSummaryRecords"),
        ("\t2\t2\t2\n", "\t2\t3\t2\n", "NumberOfBlocksInFile"),
        ("\t2\t2\t2\n", "\t2\t2\t3\n", "NumberOfBlocksInReport"),
    ],
)
def test_foot_counts_are_verified(edit, old, new, cell):
    """Part 8 §5.1.2: FOOT counts the file's lines (HEAD, FOOT, headings and empty lines
    included), its summary records and its blocks."""
    error = refusal(edit(SINGLE, old, new))
    assert error.code_name == "dsr_foot_count" and cell in error.messages[0]


def test_headings_and_empty_lines_are_counted_not_read(edit):
    """Part 1 §6.6.7 (empty records) and §6.6.9 (records starting with "#" are ignored):
    both count in FOOT's NumberOfLinesInFile (Part 8 §5.1.2)."""
    path = edit(SINGLE, "#RE01\t", "\n#RE01\t")
    assert refusal(path).code_name == "dsr_foot_count"  # one line more than FOOT's 16
    fixed = edit(SINGLE, "FOOT\t16\t16\t", "FOOT\t17\t17\t", name="fixed.tsv")
    text = Path(fixed).read_text(encoding="utf-8").replace("#RE01\t", "\n#RE01\t", 1)
    Path(fixed).write_text(text, encoding="utf-8")
    assert len(rows(fixed)) == 3


def test_records_have_every_cell_of_their_type(edit):
    """DDEX knowledge base: every record has the number of cells its type defines, empty
    ones included; the error names the file, line and record type."""
    error = refusal(
        edit(SINGLE, "SU02\t2\tS1\tT3\t\tA1\ttrue\t500\t\t", "SU02\t2\tS1\tT3\t\tA1\ttrue\t500\t")
    )
    assert error.code_name == "dsr_cell_count"
    assert "file 1, line 15 (SU02)" in error.messages[0]


def test_profile_versions_not_supported_are_named(edit):
    """HEAD cells 3/4 name the profile and its version (Part 8 §5.1.1)."""
    error = refusal(edit(SINGLE, "\tBasicAudioProfile\t1.2\t", "\tBasicAudioProfile\t1.4\t"))
    assert error.code_name == "dsr_profile" and "BasicAudioProfile 1.2" in error.messages[0]


def test_truncated_file_is_refused(tmp_path):
    """Part 1 §6.2: exactly one FOOT, the last record."""
    lines = SINGLE.read_text(encoding="utf-8").splitlines()[:-1]
    path = tmp_path / "cut.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert refusal(str(path)).code_name == "dsr_no_foot"


def test_ugc_profile_usage_records_carry_their_own_revenue():
    """UGC Profile 1.2: SU03.02 names its resource by DspResourceId and has NetRevenue."""
    ((_, row),) = rows(str(UGC))
    assert (row["isrc"], row["units"], row["net_receipts"], row["channel"]) == (
        "CNA012700001",
        "7810",
        "3.12",
        "streaming",
    )


@pytest.mark.parametrize(
    ("line", "cells"),
    [
        ("A\\\tB\tC", ["A\tB", "C"]),  # \<TAB>: a tab inside the cell
        ("A\\\\|B\tC", ["A" + reader.PIPE_TEXT + "B", "C"]),  # \\|: a pipe that is text
        ("A\\\\\\B", ["A\\B"]),  # \\\: one backslash
        ("A|B\tC", ["A|B", "C"]),  # an unescaped pipe: the secondary delimiter
    ],
)
def test_escaping(line, cells):
    """Part 1 §6.6.4 Communicating Delimiters."""
    assert reader.split_cells(line) == cells


def test_escaped_pipe_is_text_and_unescaped_pipe_splits():
    (cell,) = reader.split_cells("A\\\\|B|C")
    assert reader.values(cell) == ["A|B", "C"]
    with pytest.raises(DsrError):
        reader.text(cell)  # an unescaped pipe in a single-value cell is an error


def test_a_backslash_escaping_nothing_is_an_error():
    with pytest.raises(DsrError) as caught:
        reader.split_cells("A\\B")
    assert caught.value.code_name == "dsr_escaping"
