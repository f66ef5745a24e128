"""Domain events: how a lower layer tells upper ones that something happened.

An event is a frozen dataclass named for what happened (``WorkChanged``,
``StatementsClosed``), declared by the layer that publishes it. Upper layers
subscribe by class in their ``AppConfig.ready()``, so a misspelt event is an
``ImportError`` at start-up rather than a subscription that never fires.
Handlers receive the event object and run after the publishing transaction
commits, so they never see rolled-back state. A handler subscribed to a base
class hears every subclass.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DomainEvent:
    """Base of every domain event."""


Handler = Callable[[DomainEvent], None]
_subscribers: dict[type[DomainEvent], list[Handler]] = defaultdict(list)


def _event_class(event_type: type) -> type[DomainEvent]:
    if not (isinstance(event_type, type) and issubclass(event_type, DomainEvent)):
        raise TypeError(f"{event_type!r} is not a DomainEvent class")
    return event_type


def subscribe(event_type: type[DomainEvent], handler: Handler) -> None:
    handlers = _subscribers[_event_class(event_type)]
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[DomainEvent], handler: Handler) -> None:
    handlers = _subscribers[_event_class(event_type)]
    if handler in handlers:
        handlers.remove(handler)


def handlers_for(event: DomainEvent) -> list[Handler]:
    found: list[Handler] = []
    for cls in type(event).__mro__:
        for handler in _subscribers.get(cls, ()):
            if handler not in found:
                found.append(handler)
    return found


def publish(event: DomainEvent) -> None:
    """Deliver ``event`` to its subscribers once the current transaction commits."""
    if not isinstance(event, DomainEvent):
        raise TypeError(f"{event!r} is not a DomainEvent")

    def deliver() -> None:
        for handler in handlers_for(event):
            try:
                handler(event)
            except Exception:  # one subscriber's failure must not hide the event from others
                logger.exception("handler %r failed for %r", handler, event)

    transaction.on_commit(deliver)


@contextmanager
def subscribers_suspended() -> Iterator[None]:
    """No handler runs inside the block (bulk loads that re-index once at the end)."""
    saved = {cls: list(handlers) for cls, handlers in _subscribers.items()}
    _subscribers.clear()
    try:
        yield
    finally:
        _subscribers.clear()
        _subscribers.update(saved)
