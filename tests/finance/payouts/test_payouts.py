"""Payout runs: grouping, minimums, pain.001 files, Stripe Connect transfers, crash and resume."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post
from finance.models import PayeeProfile, Payout, PayoutRun
from finance.payouts import services as payouts_module
from finance.payouts.pain001 import PAIN_NS
from finance.payouts.services import payout_run_execute, payout_run_start
from tests.factories.catalog import make_party
from tests.finance.stripe_stub import TransferStub

BASE_DIR = Path(__file__).resolve().parents[3]
NS = {"p": PAIN_NS}
IBANS = [
    "GB82WEST12345698765432",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "BE68539007547034",
    "CH9300762011623852957",
]
BICS = ["NWBKGB2L", "COBADEFFXXX", "BNPAFRPP", "ABNANL2A", "GEBABEBB", "UBSWCHZH80A"]


def settle(payee, currency: str, amount: str, key: str) -> None:
    """Money the platform owes ``payee`` (as after a paid invoice)."""
    journal_post(
        memo="settled",
        lines=[
            (account_for(party=None, kind="cash_in_transit", currency=currency), Decimal(amount)),
            (account_for(party=payee, kind="payable", currency=currency), -Decimal(amount)),
        ],
        idempotency_key=key,
    )


def payee(n: int, *, stripe_account: str | None = None, iban: str | None = None, method="pain001"):
    party = make_party(name=f"Licensor {n}")
    PayeeProfile.objects.create(
        party=party,
        method=method,
        stripe_account_id=stripe_account or f"acct_test{n:04d}",
        payouts_enabled=method == "stripe",
        account_holder=f"Licensor {n} Ltd",
        iban=iban if iban is not None else IBANS[n % len(IBANS)],
        bic=BICS[n % len(BICS)],
    )
    return party


def owed(party, currency):
    return -account_balance(account_for(party=party, kind="payable", currency=currency))


@pytest.mark.django_db
def test_pain001_files_per_currency_skip_small_and_unprofiled():
    a, b, bad = payee(1), payee(2), payee(3, iban="GB00WEST12345698765432")
    nobody = make_party(name="No profile")
    settle(a, "USD", "123.40", "a-usd")
    settle(a, "JPY", "15000", "a-jpy")
    settle(b, "USD", "50.00", "b-usd")
    settle(b, "EUR", "5.00", "b-eur-small")  # below the minimum: waits
    settle(bad, "USD", "40.00", "bad-usd")
    settle(nobody, "USD", "99.00", "nobody")
    run = payout_run_execute(run=payout_run_start(provider="pain001"))
    statuses = Counter(run.payouts.values_list("status", flat=True))
    assert statuses == {"submitted": 3}  # the invalid IBAN is not put into a file
    files = {f.currency: f for f in run.files.all()}
    assert sorted(files) == ["JPY", "USD"]  # one file per currency (one debtor account here)
    jpy = ET.fromstring(files["JPY"].xml.encode())  # noqa: S314 (our own file)
    assert jpy.find(".//p:InstdAmt", NS).text == "15000"
    assert jpy.find(".//p:InstdAmt", NS).get("Ccy") == "JPY"
    usd = ET.fromstring(files["USD"].xml.encode())  # noqa: S314
    assert sorted(e.text for e in usd.findall(".//p:InstdAmt", NS)) == ["123.40", "50.00"]
    assert usd.findtext(".//p:PmtInf/p:CtrlSum", namespaces=NS) == "173.40"
    assert usd.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert usd.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "DE89370400440532013000"
    assert owed(a, "USD") == owed(a, "JPY") == owed(b, "USD") == 0
    assert owed(b, "EUR") == Decimal("5.00") and owed(nobody, "USD") == Decimal("99.00")
    assert owed(bad, "USD") == Decimal("40.00")
    assert set(trial_balance().values()) == {0}
    # A second run finds nothing new to pay.
    again = payout_run_execute(run=payout_run_start(provider="pain001"))
    assert again.payouts.count() == 0 and not again.files.exists()


@pytest.mark.django_db
def test_stripe_transfers_once_per_payee_and_refusal_reverses(settings):
    with TransferStub() as stub:
        settings.STRIPE_API_BASE = stub.url
        parties = [payee(n, method="stripe") for n in range(4)]
        parties.append(payee(9, stripe_account="acct_closed1", method="stripe"))
        for n, party in enumerate(parties):
            settle(party, "USD", f"{100 + n}.00", f"s{n}")
        run = payout_run_execute(run=payout_run_start(provider="stripe"))
        payout_run_execute(run=run)  # re-running a finished run pays nothing
        assert len(stub.transfers) == 4
        assert Counter(run.payouts.values_list("status", flat=True)) == {"paid": 4, "failed": 1}
        assert sorted(t["amount"] for t in stub.transfers) == [10000, 10100, 10200, 10300]
        assert {t["transfer_group"] for t in stub.transfers} == {
            f"payout-{p.pk}" for p in run.payouts.filter(status="paid")
        }
        assert owed(parties[-1], "USD") == Decimal("104.00")


@pytest.mark.django_db
def test_injected_crash_between_provider_call_and_commit_then_resume(settings, monkeypatch):
    real_record = payouts_module._record
    calls = {"n": 0}

    def crash_on_third(pk, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("crash after the provider call, before the commit")
        return real_record(pk, **kwargs)

    with TransferStub() as stub:
        settings.STRIPE_API_BASE = stub.url
        parties = [payee(n, method="stripe") for n in range(5)]
        for n, party in enumerate(parties):
            settle(party, "USD", "200.00", f"c{n}")
        monkeypatch.setattr(payouts_module, "_record", crash_on_third)
        with pytest.raises(SystemExit):
            payout_run_execute(run=payout_run_start(provider="stripe"))
        assert len(stub.transfers) == 3  # the third transfer was made, not recorded
        monkeypatch.setattr(payouts_module, "_record", real_record)
        run = PayoutRun.objects.get()
        call_command("payout_run", "--resume", str(run.pk))
        assert Counter(t["destination"] for t in stub.transfers) == {
            f"acct_test{n:04d}": 1 for n in range(5)
        }
        assert set(run.payouts.values_list("status", flat=True)) == {"paid"}
        assert all(owed(p, "USD") == 0 for p in parties)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_sigkilled_payout_run_restarted_pays_each_payee_exactly_once():
    parties = [payee(n, method="stripe") for n in range(8)]
    for n, party in enumerate(parties):
        settle(party, "EUR", "300.00", f"k{n}")
    process: dict[str, subprocess.Popen] = {}

    def kill_after_fourth(count: int) -> None:
        # The 4th transfer exists at "Stripe"; the command dies before recording it.
        if count == 4:
            process["p"].send_signal(signal.SIGKILL)
            process["p"].wait()

    db = connection.settings_dict
    # The embedded PostgreSQL listens on a unix socket directory, not host:port.
    host = db["HOST"] or db["OPTIONS"].get("host", "")
    port = db["PORT"] or "5432"
    url = (
        f"postgresql://{db['USER']}@/{db['NAME']}?host={host}&port={port}"
        if host.startswith("/")
        else f"postgresql://{db['USER']}@{host}:{port}/{db['NAME']}"
    )
    env = os.environ | {"DATABASE_URL": url}
    with TransferStub(on_transfer=kill_after_fourth) as stub:
        env["STRIPE_API_BASE"] = stub.url
        command = [sys.executable, "manage.py", "payout_run", "--provider", "stripe"]
        process["p"] = subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        process["p"].wait(120)
        assert process["p"].returncode == -signal.SIGKILL, process["p"].communicate()
        run = PayoutRun.objects.get()
        assert Counter(run.payouts.values_list("status", flat=True)) == {"paid": 3, "pending": 5}
        stub.on_transfer = None
        # Restart without --resume: the unfinished run is resumed first.
        done = subprocess.run(
            command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
    assert Counter(t["destination"] for t in stub.transfers) == {
        f"acct_test{n:04d}": 1 for n in range(8)
    }
    assert set(Payout.objects.filter(run=run).values_list("status", flat=True)) == {"paid"}
    assert all(owed(p, "EUR") == 0 for p in parties)
    assert (
        PayoutRun.objects.count() == 2
        and PayoutRun.objects.order_by("pk").last().payouts.count() == 0
    )
