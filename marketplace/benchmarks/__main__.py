"""``make bench``: list the benchmarks, or run one by name.

python -m marketplace.benchmarks                        # what there is, one line each
python -m marketplace.benchmarks royalties --lines 100000   # = manage.py bench_royalties …
"""

from __future__ import annotations

import os
import sys

import django
from django.core.management import execute_from_command_line, get_commands, load_command_class

APP = "marketplace.benchmarks"


def benchmark_names() -> list[str]:
    return sorted(name for name, app in get_commands().items() if app == APP)


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    django.setup()
    names = benchmark_names()
    if not argv:
        for name in names:
            print(f"{name:18} {load_command_class(APP, name).help}")
        print("\nrun one: make bench B=<name> ARGS='…'  (docs/benchmarks.md)")
        return 0
    name = argv[0] if argv[0].startswith("bench_") else f"bench_{argv[0]}"
    if name not in names:
        print(f"no benchmark {argv[0]!r}; there are: {', '.join(names)}", file=sys.stderr)
        return 2
    execute_from_command_line(["manage.py", name, *argv[1:]])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
