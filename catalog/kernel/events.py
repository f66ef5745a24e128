"""Domain events: how a lower layer tells upper ones that something happened.

An event is a frozen dataclass named for what happened (``WorkChanged``,
``StatementsClosed``), declared by the layer that publishes it. Upper layers
subscribe by class in their ``AppConfig.ready()``, so a misspelt event is an
``ImportError`` at start-up rather than a subscription that never fires.
Handlers receive the event object and run after the publishing transaction
commits, so they never see rolled-back state. A handler subscribed to a base
class hears every subclass.

A handler subscribed with ``in_transaction=True`` runs at once, inside the
publisher's transaction, and its failure fails the publisher: for effects that
must commit with the change or not at all (a court freeze suspends open offers in
the commit that records it). Bulk loads do not suspend those.
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
_in_transaction: dict[type[DomainEvent], list[Handler]] = defaultdict(list)


def _event_class(event_type: type) -> type[DomainEvent]:
    if not (isinstance(event_type, type) and issubclass(event_type, DomainEvent)):
        raise TypeError(f"{event_type!r} is not a DomainEvent class")
    return event_type


def subscribe(
    event_type: type[DomainEvent], handler: Handler, *, in_transaction: bool = False
) -> None:
    registry = _in_transaction if in_transaction else _subscribers
    handlers = registry[_event_class(event_type)]
    if handler not in handlers:
        handlers.append(handler)


def unsubscribe(event_type: type[DomainEvent], handler: Handler) -> None:
    for registry in (_subscribers, _in_transaction):
        handlers = registry[_event_class(event_type)]
        if handler in handlers:
            handlers.remove(handler)


def handlers_for(
    event: DomainEvent, registry: dict[type[DomainEvent], list[Handler]] | None = None
) -> list[Handler]:
    registry = _subscribers if registry is None else registry
    found: list[Handler] = []
    for cls in type(event).__mro__:
        for handler in registry.get(cls, ()):
            if handler not in found:
                found.append(handler)
    return found


def publish(event: DomainEvent) -> None:
    """Run the in-transaction handlers now; deliver ``event`` to the other subscribers
    once the current transaction commits."""
    if not isinstance(event, DomainEvent):
        raise TypeError(f"{event!r} is not a DomainEvent")
    for handler in handlers_for(event, _in_transaction):
        handler(event)  # a failure here must roll the publisher back: no try

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
