"""Gapless yearly numbers: registrations (CRX), contracts (LIC), dispute cases (DSP),
pledges (PLG) and invoices (INV) each keep one counter row per year.

``next_value`` bumps the year's row with one upsert inside the caller's transaction: the
row lock makes concurrent issuers wait their turn, and a rollback gives the number back,
so a year's numbers have neither gaps nor duplicates. Each kind formats its own number.
"""

from __future__ import annotations

from django.db import connection, models


def next_value(counter_model: type[models.Model], year: int, *, field: str = "last_value") -> int:
    """The next number of ``year`` from ``counter_model`` (``year`` primary key, ``field``
    the last number issued); must run in the transaction that uses the number."""
    if not connection.in_atomic_block:
        # Outside a transaction the bump commits at once and a failure would leave a gap.
        raise RuntimeError("a gapless number must be taken inside the transaction that uses it")
    quote = connection.ops.quote_name
    table = quote(counter_model._meta.db_table)
    column = quote(counter_model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, {column}) VALUES (%s, 1) "  # noqa: S608 (model names)
            f"ON CONFLICT (year) DO UPDATE SET {column} = {table}.{column} + 1 "
            f"RETURNING {column}",
            [year],
        )
        return cursor.fetchone()[0]
