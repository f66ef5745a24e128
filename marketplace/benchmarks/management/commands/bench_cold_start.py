"""Time a cold ``make run``: every start-up phase and the seconds to the first 200.

python manage.py bench_cold_start

Runs ``python -m marketplace.stack --measure-start`` in its own process (the stack starts
its own embedded PostgreSQL and search engine on a temporary var dir and free ports, so the
configured database and this process's settings are never used) and passes its output on.
The install (`make install`) is not included: time it separately on a fresh clone.
"""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Cold start of make run on a temporary var dir: seconds per phase and to the first 200."

    def handle(self, *args: object, **options: object) -> None:
        command = [sys.executable, "-m", "marketplace.stack", "--measure-start"]
        if subprocess.run(command, cwd=settings.BASE_DIR, check=False).returncode:
            raise CommandError("the cold start failed (its output is above)")
