"""``manage.py bench_webhooks --events 10000`` — signed events through the real view and task.

Creates invoices, builds the Stripe events for them (payment succeeded, some
partial refunds, some failures, and ~10 % redeliveries), signs each one like
Stripe, POSTs it to ``/stripe/webhook/`` with Django's test client from
several threads, and waits until every stored event is processed — by the
task inline (``--eager``, default) or by a real Celery worker process
(``--worker``). Prints events/s end to end and checks that no posting was
duplicated. It writes to the ledger (append-only), so it runs on a scratch
database created and dropped around the run (marketplace.benchmarks.scratch_db), or
on the one ``--database`` names; a ``--worker`` is pointed at the same one.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.test import Client
from tqdm import tqdm

from catalog.kernel.money import Money, to_minor
from catalog.services import party_create
from finance.invoices.services import InvoiceLineInput, invoice_create
from finance.models import JournalEntry, Payment, Refund, StripeEvent, StripeEventState
from finance.payments.services import payment_attempt_record
from finance.payments.stripe_api import sign, signed_event
from marketplace.benchmarks.processes import celery_worker
from marketplace.benchmarks.scratch_db import add_database_arguments, database_url, scratch_database


def _intent(invoice, pi_id: str, *, failed: bool = False) -> dict:
    return {
        "id": pi_id,
        "object": "payment_intent",
        "amount": to_minor(invoice.amount_due, invoice.currency),
        "amount_received": 0 if failed else to_minor(invoice.amount_due, invoice.currency),
        "currency": invoice.currency.lower(),
        "status": "requires_payment_method" if failed else "succeeded",
        "latest_charge": f"ch_{pi_id[3:]}",
        "metadata": {"invoice_id": str(invoice.pk)},
        "last_payment_error": {"code": "card_declined", "message": "declined"} if failed else None,
    }


def _charge(invoice, pi_id: str, refund_minor: int) -> dict:
    return {
        "id": f"ch_{pi_id[3:]}",
        "object": "charge",
        "amount": to_minor(invoice.amount_due, invoice.currency),
        "amount_refunded": refund_minor,
        "currency": invoice.currency.lower(),
        "payment_intent": pi_id,
        "refunds": {
            "object": "list",
            "has_more": False,
            "data": [
                {
                    "id": f"re_{pi_id[3:]}",
                    "object": "refund",
                    "amount": refund_minor,
                    "status": "succeeded",
                    "created": 1,
                    "charge": f"ch_{pi_id[3:]}",
                }
            ],
        },
    }


class Command(BaseCommand):
    help = "Benchmark the webhook path end to end (signature → store → task → ledger)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10000)
        parser.add_argument("--threads", type=int, default=4)
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--eager", action="store_true", help="run the task inline (default)")
        mode.add_argument("--worker", action="store_true", help="a real Celery worker process")
        parser.add_argument("--concurrency", type=int, default=2, help="worker processes")
        add_database_arguments(parser)

    def _events(self, total: int) -> tuple[list[bytes], dict]:
        run = uuid.uuid4().hex[:8]
        payer = party_create(
            kind="organisation", category="publisher", name=f"Bench buyer {run}", country="VN"
        )
        payee = party_create(
            kind="organisation", category="publisher", name=f"Bench seller {run}", country="CN"
        )
        # Per invoice: success (+ refund for every 3rd, + failure for every 5th), ~10 % replays.
        invoices_needed = max(1, int(total / 1.65))
        events: list[tuple[str, dict]] = []
        expected = {"payments": 0, "refunds": 0}
        for n in tqdm(range(invoices_needed), desc="invoices", file=sys.stderr):
            if len(events) >= total * 0.91:
                break
            invoice = invoice_create(
                payer=payer,
                payee=payee,
                lines=[
                    InvoiceLineInput(
                        kind="flat_fee",
                        description=f"Bench {n}",
                        amount=Money("100.00", "USD"),
                        tax_rate_percent=Decimal(6),
                    )
                ],
                subject=f"bench:{run}",
                idempotency_key=f"bench:{run}:{n}",
                due_on=dt.date.today(),
                language="en",
            )
            pi_id = f"pi_bench{run}{n:07d}"
            minor = to_minor(invoice.amount_due, invoice.currency)
            if n % 5 == 0:
                fail_id = f"pi_benchfail{run}{n:07d}"
                payment_attempt_record(
                    invoice=invoice, payment_intent_id=fail_id, amount_minor=minor
                )
                events.append(
                    (
                        "payment_intent.payment_failed",
                        _intent(invoice, pi_id, failed=True) | {"id": fail_id},
                    )
                )
            # As the pay page would: webhooks apply only intents with an attempt of ours.
            payment_attempt_record(invoice=invoice, payment_intent_id=pi_id, amount_minor=minor)
            events.append(("payment_intent.succeeded", _intent(invoice, pi_id)))
            expected["payments"] += 1
            if n % 3 == 0:
                events.append(("charge.refunded", _charge(invoice, pi_id, 2650)))
                expected["refunds"] += 1
        # Signed when posted (below): Stripe's 5-minute timestamp tolerance must hold.
        signed = [signed_event(kind, obj)[0] for kind, obj in events]
        replays = random.Random(1).sample(signed, min(len(signed), total - len(signed)))
        deliveries = signed + replays
        random.Random(2).shuffle(deliveries)  # replays and refunds-before-payments included
        expected["unique_events"] = len(signed)
        expected["subject"] = f"bench:{run}"
        return deliveries[:total], expected

    def handle(self, *args, database, keep, **options):
        with scratch_database(database=database, keep=keep, log=self.stderr.write):
            self.run(**options)

    def run(self, *, events, threads, worker, concurrency, **options):
        from marketplace.celery import app  # the project's Celery app (this is a project command)

        deliveries, expected = self._events(events)
        before = set(StripeEvent.objects.values_list("pk", flat=True))
        process = None
        if worker:
            app.conf.task_always_eager = False
            # The worker applies the events to the benchmark's database, not the configured
            # one. It shares the broker: run no other worker meanwhile.
            process = celery_worker(
                concurrency=concurrency, env=os.environ | {"DATABASE_URL": database_url()}
            )
        else:
            app.conf.task_always_eager = True
        bar = tqdm(total=len(deliveries), desc="webhooks", file=sys.stderr)

        def post(payload: bytes) -> int:
            client = Client()
            response = client.post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(payload),
            )
            bar.update(1)
            return response.status_code

        started = time.perf_counter()
        try:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                codes = list(pool.map(post, deliveries))
            posted = time.perf_counter()
            bar.close()
            waiting = StripeEvent.objects.exclude(pk__in=before).filter(
                state__in=[StripeEventState.RECEIVED, StripeEventState.PARKED]
            )
            deadline = time.monotonic() + 1800
            while waiting.exists():
                if time.monotonic() > deadline:
                    raise CommandError(f"{waiting.count()} events still unprocessed")
                time.sleep(0.2)  # polling the worker's progress
            finished = time.perf_counter()
        finally:
            if process is not None:
                process.terminate()
                process.wait(30)
        if set(codes) != {200}:
            raise CommandError(f"unexpected responses: {sorted(set(codes))}")
        new = StripeEvent.objects.exclude(pk__in=before)
        keys = (
            JournalEntry.objects.values("idempotency_key").annotate(n=Count("pk")).filter(n__gt=1)
        )
        run_payments = Payment.objects.filter(invoice__subject=expected["subject"])
        run_refunds = Refund.objects.filter(invoice__subject=expected["subject"])
        duplicates = keys.count()
        elapsed = finished - started
        self.stdout.write(
            f"mode: {'celery worker x' + str(concurrency) if worker else 'eager (task inline)'}, "
            f"{threads} posting threads\n"
            f"deliveries: {len(deliveries)} ({expected['unique_events']} unique events, "
            f"{len(deliveries) - new.count()} redeliveries)\n"
            f"receive (verify+store+enqueue): {len(deliveries) / (posted - started):.0f} events/s\n"
            f"end to end: {elapsed:.1f} s = {len(deliveries) / elapsed:.0f} events/s\n"
            f"stored events: {new.count()}, states: "
            f"{dict(new.values_list('state').annotate(n=Count('pk')))}\n"
            f"payments recorded: {run_payments.count()} (expected {expected['payments']}); "
            f"refunds: {run_refunds.count()} (expected {expected['refunds']})\n"
            f"duplicate journal keys: {duplicates}"
        )
        if duplicates:
            raise CommandError("duplicate postings found")
        if (run_payments.count(), run_refunds.count()) != (
            expected["payments"],
            expected["refunds"],
        ):
            raise CommandError("payments or refunds missing or doubled")
