"""Events the licensing layer publishes (see ``catalog.kernel.events``)."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.events import WorkEvent
from catalog.kernel.events import DomainEvent


@dataclass(frozen=True)
class GrantsChanged(WorkEvent):
    """Rights grants of the work were written or ended: availability changed."""


@dataclass(frozen=True)
class StatementsClosed(DomainEvent):
    """One royalty period close (one event per close, so a subscriber queries once)."""

    period: str
    statement_ids: tuple[int, ...]
    work_ids: tuple[int, ...]
