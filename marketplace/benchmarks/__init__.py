"""Benchmarks: every ``manage.py bench_*`` command, and the scratch database they write to.

Development only (the ``[dev]`` extra: psutil, DuckDB, embedded PostgreSQL). The commands
print their figures; the suite runs them small (``bench`` marker), never as timed assertions.
``python -m marketplace.benchmarks`` (``make bench``) lists them; docs/benchmarks.md says
what each measures.
"""
