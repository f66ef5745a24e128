"""Sanity rules of a usage row, each in ``warn`` or ``quarantine`` mode.

A rule in quarantine mode makes the row bad (a quarantined row with the
rule's reason, counted against the bad-row threshold); in warn mode the row
posts and the report page lists the warning. The modes come from the
``ROYALTIES_SANITY_RULES`` setting ({rule: mode}), over these defaults:

- ``sign`` (quarantine): units and net receipts have one sign — a return is
  negative in both; −5 units with +208.79 net is refused.
- ``net_gross`` (warn: a shop may sell above list price): |net| ≤ |gross| ×
  (1 + tolerance), gross being the file's ``gross`` column, or list price × units.
- ``price_gross`` (warn): list price × units is within the tolerance of the
  file's ``gross`` column (where the file has one).
- ``term`` (warn): the report's period lies inside the term of the contract the
  row went to (a period wholly outside is held as use outside the licence,
  whatever the mode: ``outlicence.py``).
- ``currency`` (warn): the row's currency is the filing contract's. A code the
  platform does not know is always a bad row (nothing could pay it).

The tolerance is ``ROYALTIES_SANITY_TOLERANCE_PERCENT`` (default 1 %).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

WARN, QUARANTINE = "warn", "quarantine"
DEFAULTS = {
    "sign": QUARANTINE,
    "net_gross": WARN,
    "price_gross": WARN,
    "term": WARN,
    "currency": WARN,
}


def rule_modes() -> dict[str, str]:
    modes = {**DEFAULTS, **getattr(settings, "ROYALTIES_SANITY_RULES", {})}
    wrong = {
        rule: mode
        for rule, mode in modes.items()
        if rule not in DEFAULTS or mode not in (WARN, QUARANTINE)
    }
    if wrong:
        raise ImproperlyConfigured(f"ROYALTIES_SANITY_RULES: unknown rules or modes {wrong}")
    return modes


def tolerance() -> Decimal:
    return Decimal(str(getattr(settings, "ROYALTIES_SANITY_TOLERANCE_PERCENT", "1"))) / 100


def amount_problems(
    *, units: int, price: Decimal, net: Decimal, gross: Decimal | None, tol: Decimal
) -> list[tuple[str, str, str, str]]:
    """(rule, field, value, reason) for each rule the row's amounts break."""
    found = []
    if (units < 0 and net > 0) or (units > 0 and net < 0):
        found.append(
            ("sign", "net_receipts", str(net), f"units ({units}) and net receipts differ in sign")
        )
    list_amount = price * units
    basis = gross if gross is not None else (list_amount if price else None)
    if basis is not None and abs(net) > abs(basis) * (1 + tol):
        found.append(("net_gross", "net_receipts", str(net), f"net receipts exceed gross {basis}"))
    if gross is not None and price and abs(list_amount - gross) > abs(gross) * tol:
        found.append(
            (
                "price_gross",
                "gross",
                str(gross),
                f"list price × units is {list_amount}, not the gross {gross}",
            )
        )
    return found
