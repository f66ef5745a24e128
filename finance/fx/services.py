"""Exchange rates: recorded with their source and date, never fetched silently.

A conversion always names the rate it used (``FxRate``: base, quote, as_of,
source) so a statement or a ledger entry can show it. Rates are looked up on
or before the requested day; the inverse pair is used when only it exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.kernel.money import validate_currency
from finance.models import FxRate


def fx_record(*, base: str, quote: str, as_of: dt.date, rate: Decimal, source: str) -> FxRate:
    base, quote = validate_currency(base, field="base"), validate_currency(quote, field="quote")
    rate = Decimal(rate)
    if rate <= 0:
        raise ValidationError({"rate": _("rate %(rate)s must be positive") % {"rate": rate}})
    obj, created = FxRate.objects.get_or_create(
        base=base, quote=quote, as_of=as_of, defaults={"rate": rate, "source": source}
    )
    if not created and (obj.rate != rate or obj.source != source):
        raise ValidationError(
            {
                "rate": _(
                    "%(base)s/%(quote)s on %(as_of)s is already recorded as %(rate)s (%(source)s)"
                )
                % {
                    "base": base,
                    "quote": quote,
                    "as_of": as_of,
                    "rate": obj.rate,
                    "source": obj.source,
                }
            }
        )
    return obj


class RateFileError(ValidationError):
    """A rate file with bad rows: nothing of it was recorded."""


def fx_import(*, rows: list[dict[str, str]]) -> int:
    """Record every row (base, quote, as_of, rate, source) or none; returns rows recorded.

    Errors name the file line (header = line 1). Re-importing the same file is a no-op.
    """
    errors: list[str] = []
    parsed = []
    for line, row in enumerate(rows, start=2):
        try:
            as_of = dt.date.fromisoformat((row.get("as_of") or "").strip())
        except ValueError:
            errors.append(f"line {line}: as_of “{row.get('as_of')}” is not a YYYY-MM-DD date")
            continue
        try:
            rate = Decimal((row.get("rate") or "").strip())
        except ArithmeticError:
            errors.append(f"line {line}: rate “{row.get('rate')}” is not a number")
            continue
        source = (row.get("source") or "").strip()
        if not source:
            errors.append(f"line {line}: source is required")
            continue
        parsed.append((line, row.get("base", ""), row.get("quote", ""), as_of, rate, source))
    recorded = 0
    with transaction.atomic():
        for line, base, quote, as_of, rate, source in parsed:
            try:
                with transaction.atomic():
                    fx_record(base=base, quote=quote, as_of=as_of, rate=rate, source=source)
                recorded += 1
            except ValidationError as exc:
                errors.append(f"line {line}: " + "; ".join(exc.messages))
        if errors:
            transaction.set_rollback(True)
    if errors:
        raise RateFileError(errors)
    return recorded
