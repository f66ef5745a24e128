"""``manage.py payout_run [--provider stripe|pain001] [--currency X] [--resume RUN_ID]
[--output DIR]``."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from finance.models import PayoutRun, PayoutRunStatus, PayoutStatus
from finance.payouts.selectors import unfinished_runs
from finance.payouts.services import payout_run_execute, payout_run_start


class Command(BaseCommand):
    help = "Pay settled payable balances (resumes unfinished runs first)."

    def add_arguments(self, parser):
        parser.add_argument("--provider", choices=["stripe", "pain001"], default="stripe")
        parser.add_argument("--currency", default="")
        parser.add_argument("--resume", type=int, metavar="RUN_ID")
        parser.add_argument(
            "--output", help="directory to write the run's pain.001 files into (one per file)"
        )

    def _execute(self, run: PayoutRun) -> PayoutRun:
        pending = run.payouts.filter(status=PayoutStatus.PENDING).count()
        with tqdm(total=pending, desc=f"payout run {run.pk}", file=sys.stderr) as bar:
            run = payout_run_execute(run=run, progress=lambda _p: bar.update(1))
        counts = {s: run.payouts.filter(status=s).count() for s in PayoutStatus.values}
        self.stdout.write(f"run {run.pk} ({run.provider}): {counts}")
        return run

    def handle(self, *args, provider, currency, resume, output, **options):
        if resume:
            run = PayoutRun.objects.filter(pk=resume).first()
            if run is None:
                raise CommandError(f"no payout run {resume}")
            runs = [run] if run.status == PayoutRunStatus.RUNNING else []
            if not runs:
                self.stdout.write(f"run {resume} is already done")
        else:
            # A run interrupted earlier holds money already reserved: finish it first.
            runs = unfinished_runs()
            runs.append(payout_run_start(provider=provider, currency=currency.upper()))
        for run in runs:
            run = self._execute(run)
            for payout_file in run.files.all() if output else []:
                path = Path(output) / payout_file.filename
                path.write_text(payout_file.xml, encoding="utf-8")
                self.stdout.write(f"wrote {path}")
