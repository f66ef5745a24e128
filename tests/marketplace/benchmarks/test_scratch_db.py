"""Benchmarks run on a scratch database: the configured one is untouched, even mid-run."""

from __future__ import annotations

import os
from io import StringIO

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from catalog.evidence.models import EvidenceEntry
from catalog.models import Party, Work
from finance.models import Invoice, JournalEntry, StripeEvent
from licensing.contracts.models import Contract, ContractEvent
from licensing.models import Grant, GrantCell
from marketplace.benchmarks.management.commands import bench_availability
from marketplace.benchmarks.scratch_db import scratch_database
from marketplace.models import User

pytestmark = pytest.mark.bench

MODELS = (
    Party,
    Work,
    Grant,
    GrantCell,
    Contract,
    ContractEvent,
    Invoice,
    JournalEntry,
    StripeEvent,
    EvidenceEntry,
    User,
)
EXCLUSION_SQL = (
    "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'x' "
    "ORDER BY conname"
)


def snapshot() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute(EXCLUSION_SQL, [GrantCell._meta.db_table])
        constraints = [row[0] for row in cursor.fetchall()]
    return {m.__name__: m.objects.count() for m in MODELS} | {"constraints": constraints}


def databases() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        return {row[0] for row in cursor.fetchall()}


def configured_constraints(name: str) -> list[str]:
    """Read the configured database over its own connection (the default one is elsewhere)."""
    params = connection.get_connection_params()
    kwargs = {k: v for k, v in params.items() if k in ("user", "password", "host", "port") and v}
    with psycopg.connect(dbname=name, autocommit=True, **kwargs) as other:
        rows = other.execute(EXCLUSION_SQL, [GrantCell._meta.db_table]).fetchall()
    return [row[0] for row in rows]


# The benchmarks commit as they go and switch the connection's database.
@pytest.mark.django_db(transaction=True)
def test_benchmarks_leave_the_configured_database_untouched(monkeypatch):
    configured = connection.settings_dict["NAME"]
    before, dbs_before = snapshot(), databases()
    seen = {}
    real = bench_availability.Command.activations

    def watched(self, works, n, *, year, label):
        if label.startswith("without"):
            # Mid-run: the constraints are gone where the benchmark runs, not here.
            seen["running_on"] = connection.settings_dict["NAME"]
            seen["dropped_there"] = not configured_constraints(seen["running_on"])
            seen["configured_kept"] = configured_constraints(configured)
        return real(self, works, n, year=year, label=label)

    monkeypatch.setattr(bench_availability.Command, "activations", watched)
    call_command(
        "bench_availability",
        grants=2000,
        checks=5,
        contracts=2,
        rounds=1,
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert seen["running_on"] == f"{configured[:40]}_bench_{os.getpid()}"
    assert seen["dropped_there"]
    assert seen["configured_kept"] == before["constraints"]
    # bench_webhooks writes append-only ledger rows and stored events.
    out = StringIO()
    call_command("bench_webhooks", events=12, threads=2, stdout=out, stderr=StringIO())
    assert "duplicate journal keys: 0" in out.getvalue()

    assert connection.settings_dict["NAME"] == configured
    assert snapshot() == before
    assert databases() - dbs_before <= {
        name for name in databases() if name.startswith(f"{configured[:40]}_bench_tpl_")
    }  # the scratch databases are gone; only the migrated template stays for the next run


@pytest.mark.django_db
def test_scratch_database_refuses_inside_a_transaction():
    with pytest.raises(CommandError, match="inside a transaction"), scratch_database():
        pass
