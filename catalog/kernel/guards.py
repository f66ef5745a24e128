"""Encumbrance guards: may this be done with a work right now?

Seizures, pledges and disputes live in packages above the catalog. Each
registers a guard here; the services that list, license, pledge or transfer
a work call ``ensure_allowed`` inside their transaction and never import
those packages. A guard returns the reasons it refuses (empty = allowed).

Actions: ``list`` (publish a listing), ``license`` (activate a non-exclusive
licence), ``license_exclusive``, ``pledge``, ``transfer`` (of ownership), ``stream_sale`` (a share
of the work's royalty stream offered for sale: refused while seized).
``context`` carries what a guard may need: ``licensee`` (Party),
``contract`` (the contract being activated, which can hold a pledgee's
recorded consent), ``party`` (who acts).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db.models import Model

ACTIONS = ("list", "license", "license_exclusive", "pledge", "transfer", "stream_sale")

Guard = Callable[..., Iterable[str]]  # guard(work, action, **context) -> reasons
_guards: list[Guard] = []


def register_guard(guard: Guard) -> None:
    if guard not in _guards:
        _guards.append(guard)


def refusals(work: Model, action: str, **context: object) -> list[str]:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    reasons: list[str] = []
    for guard in _guards:
        reasons.extend(guard(work, action, **context))
    return reasons


def ensure_allowed(work: Model, action: str, *, field: str = "work", **context: object) -> None:
    """Raise a field-level ValidationError naming every reason the action is refused."""
    reasons = refusals(work, action, **context)
    if reasons:
        raise ValidationError({field: reasons})
