"""bench_availability restores the exclusion constraints and removes its data, even on error.

Run on the test database itself (``--database``, the path that cleans up after itself): on
a scratch database these checks would look at a database the command never touched, and
creating and dropping one costs more than the benchmark (test_scratch_db.py covers the
scratch path)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Work
from licensing.models import GrantCell
from marketplace.benchmarks.management.commands import bench_availability

pytestmark = pytest.mark.bench


def exclusion_constraints() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'x' "
            "ORDER BY conname",
            [GrantCell._meta.db_table],
        )
        return [row[0] for row in cursor.fetchall()]


# The command commits as it goes (as in real use); DDL after uncommitted inserts would
# meet the deferred foreign-key triggers.
@pytest.mark.django_db(transaction=True)
def test_bench_prints_figures_and_cleans_up():
    before = exclusion_constraints()
    out = StringIO()
    call_command(
        "bench_availability",
        grants=2000,
        checks=20,
        contracts=4,
        rounds=1,
        database=connection.settings_dict["NAME"],
        stdout=out,
        stderr=StringIO(),
    )
    text = out.getvalue()
    assert "check p50 / p95 / p99 (ms)" in text and "activations/s WITH" in text
    assert (
        exclusion_constraints()
        == before
        == ["grantcell_no_exclusive_overlap", "grantcell_no_mixed_overlap"]
    )
    assert not Work.objects.filter(source_ref__startswith="bench:").exists()
    assert not GrantCell.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_constraints_come_back_after_a_failure(monkeypatch):
    real = bench_availability.Command.activations

    def failing(self, works, n, *, year, label):
        if label.startswith("without"):
            assert exclusion_constraints() == []  # really dropped while it runs
            raise RuntimeError("boom")
        return real(self, works, n, year=year, label=label)

    monkeypatch.setattr(bench_availability.Command, "activations", failing)
    with pytest.raises(RuntimeError, match="boom"):
        call_command(
            "bench_availability",
            grants=2000,
            checks=5,
            contracts=2,
            rounds=1,
            database=connection.settings_dict["NAME"],
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert exclusion_constraints() == [
        "grantcell_no_exclusive_overlap",
        "grantcell_no_mixed_overlap",
    ]
    assert not Work.objects.filter(source_ref__startswith="bench:").exists()
