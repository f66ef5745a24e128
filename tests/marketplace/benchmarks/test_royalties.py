"""bench_royalties runs every stage on a small file — the on-time report and its close,
then a late report with repeated lines and the close that restates — checks itself
against DuckDB, and fails loudly when the two disagree."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from marketplace.benchmarks import royalties_data
from marketplace.benchmarks.management.commands import bench_royalties

pytestmark = pytest.mark.bench


@pytest.fixture
def made_dirs(monkeypatch):
    made = []

    def mkdtemp(**kwargs):
        made.append(Path(real(**kwargs)))
        return str(made[-1])

    real = tempfile.mkdtemp
    monkeypatch.setattr(bench_royalties.tempfile, "mkdtemp", mkdtemp)
    return made


# The command commits stage by stage, as the real import and close do.
@pytest.mark.django_db(transaction=True)
def test_bench_prints_every_stage_and_agrees_with_duckdb(made_dirs):
    out = StringIO()
    call_command("bench_royalties", lines=3000, works=40, stdout=out)
    text = out.getvalue()
    for stage in ("import", "match", "post usage lines", "calculate + close", "ledger"):
        assert stage in text
    assert "rows 3,000" in text
    assert "review: skip the repeated lines, post" in text
    assert "calculate + close 2027-Q2" in text
    # The late file: 300 new lines and up to 300 repeated ones, every repeat skipped.
    late = next(line for line in text.splitlines() if line.startswith("late usage:"))
    skipped = int(late.split(" repeated")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert 200 < skipped <= 300 and " 0 contracts restated" not in late
    assert text.count("end to end:") == 2 and "peak RSS" in text
    assert text.count("AGREE") == 4 and "DIFFER" not in text
    assert made_dirs and not made_dirs[0].exists()  # the generated file is removed


@pytest.mark.django_db(transaction=True)
def test_bench_fails_and_names_the_contract_when_duckdb_disagrees(made_dirs, monkeypatch):
    real = royalties_data.duckdb_totals

    def off_by_a_cent(paths):
        expected = real(paths)
        title = sorted(expected["per_title"])[0]
        expected["per_title"][title] += Decimal("0.01")
        expected["royalty"] += Decimal("0.01")
        return expected

    monkeypatch.setattr(royalties_data, "duckdb_totals", off_by_a_cent)
    out = StringIO()
    with pytest.raises(CommandError, match="disagree on 1 contracts"):
        call_command("bench_royalties", lines=2000, works=30, stdout=out)
    assert "DIFFER Bench Work" in out.getvalue()
    assert not made_dirs[0].exists()
