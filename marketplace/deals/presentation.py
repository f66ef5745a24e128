"""Terms and their differences as people read them: labelled paths, Babel-formatted values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.territories import country_name
from catalog.vocabulary import RightType
from i18n.formatting import format_date, format_money, format_number, format_percent
from licensing.terms import Channel, Format, PaymentKind, PaymentTrigger, RateBasis, ReportingPeriod

LABELS = {
    "rights": gettext_lazy("Right"),
    "royalty_rates": gettext_lazy("Royalty rate"),
    "payment_schedule": gettext_lazy("Payment"),
    "escalators": gettext_lazy("Escalator"),
    "right_type": gettext_lazy("Right type"),
    "territories": gettext_lazy("Territories"),
    "excluded_territories": gettext_lazy("Excluded territories"),
    "languages": gettext_lazy("Languages"),
    "media": gettext_lazy("Channels"),
    "formats": gettext_lazy("Formats"),
    "start": gettext_lazy("Start"),
    "end": gettext_lazy("End"),
    "exclusive": gettext_lazy("Exclusive"),
    "currency": gettext_lazy("Currency"),
    "flat_fee": gettext_lazy("Flat fee"),
    "advance": gettext_lazy("Advance"),
    "minimum_guarantee": gettext_lazy("Minimum guarantee"),
    "reporting_period": gettext_lazy("Reporting period"),
    "reserve_percent": gettext_lazy("Reserve against returns"),
    "reserve_periods": gettext_lazy("Reserve held for (periods)"),
    "notes": gettext_lazy("Other terms"),
    "channel": gettext_lazy("Channel"),
    "basis": gettext_lazy("Basis"),
    "rate": gettext_lazy("Rate"),
    "territory": gettext_lazy("Territory"),
    "format": gettext_lazy("Format"),
    "above_units": gettext_lazy("Above units"),
    "kind": gettext_lazy("Payment kind"),
    "amount": gettext_lazy("Amount"),
    "trigger": gettext_lazy("Due"),
    "due": gettext_lazy("Due date"),
}
CHOICES = {
    "right_type": RightType,
    "channel": Channel,
    "format": Format,
    "basis": RateBasis,
    "kind": PaymentKind,
    "trigger": PaymentTrigger,
    "reporting_period": ReportingPeriod,
}
MONEY = {"flat_fee", "advance", "minimum_guarantee", "amount"}
DATES = {"start", "end", "due"}
TERRITORY_LISTS = {"territories", "excluded_territories"}


def label(path: str) -> str:
    """``royalty_rates.1.escalators.0.rate`` → “Royalty rate 2 · Escalator 1 · Rate”."""
    parts: list[str] = []
    for segment in path.split("."):
        if segment.isdigit() and parts:
            parts[-1] = f"{parts[-1]} {int(segment) + 1}"
        else:
            parts.append(str(LABELS.get(segment, segment)))
    return " · ".join(parts)


def _row_basis(terms: dict, path: str) -> str | None:
    parts = path.split(".")
    if parts[0] == "royalty_rates" and len(parts) > 1 and parts[1].isdigit():
        rows = terms.get("royalty_rates") or []
        index = int(parts[1])
        return rows[index].get("basis") if index < len(rows) else None
    return None


def value(path: str, raw: object, *, terms: dict) -> str:
    if raw is None or raw == "":
        return "—"
    name = path.rsplit(".", 1)[-1]
    currency = terms.get("currency") or "USD"
    if isinstance(raw, dict):
        return "; ".join(
            f"{LABELS.get(k, k)}: {value(f'{path}.{k}', v, terms=terms)}"
            for k, v in raw.items()
            if v not in (None, "", [], "*")
        )
    if isinstance(raw, list):
        if name in TERRITORY_LISTS:
            return ", ".join(country_name(str(code)) for code in raw) or "—"
        return ", ".join(str(v) for v in raw) or "—"
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    if name in CHOICES and raw in CHOICES[name].values:
        return str(CHOICES[name](raw).label)
    if name in MONEY:
        return format_money(Decimal(str(raw)), currency)
    if name == "rate":
        if _row_basis(terms, path) == RateBasis.PER_UNIT:
            return format_money(Decimal(str(raw)), currency)
        return format_percent(Decimal(str(raw)) / 100)
    if name == "reserve_percent":
        return format_percent(Decimal(str(raw)) / 100)
    if name in DATES:
        return format_date(dt.date.fromisoformat(str(raw)))
    if name in {"above_units", "reserve_periods"}:
        return format_number(int(raw))
    if name == "territory" and raw != "*":
        return country_name(str(raw))
    return str(raw)


def diff_rows(older: dict, newer: dict, changes: list[tuple[str, object, object]]) -> list[dict]:
    return [
        {
            "path": path,
            "label": label(path),
            "old": value(path, old, terms=older),
            "new": value(path, new, terms=newer),
        }
        for path, old, new in changes
    ]


ORDER = {name: i for i, name in enumerate(LABELS)}  # reading order (JSONB reorders keys)


def _leaves(prefix: str, data: object) -> list[tuple[str, object]]:
    if isinstance(data, dict):
        return [
            leaf
            for key in sorted(data, key=lambda k: ORDER.get(k, len(ORDER)))
            for leaf in _leaves(f"{prefix}.{key}" if prefix else key, data[key])
        ]
    if isinstance(data, list) and data and isinstance(data[0], dict):
        return [leaf for i, item in enumerate(data) for leaf in _leaves(f"{prefix}.{i}", item)]
    return [(prefix, data)]


def terms_rows(terms: dict) -> list[dict]:
    """Every filled-in leaf of a Terms dict, labelled and formatted, in reading order."""
    return [
        {"path": path, "label": label(path), "value": value(path, raw, terms=terms)}
        for path, raw in _leaves("", terms)
        if raw not in (None, "", [], "*", "0")
        and not (path.endswith("reserve_periods") and not raw)
    ]
