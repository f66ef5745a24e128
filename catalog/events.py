"""Domain events: how a lower layer tells upper ones that something happened.

``catalog`` and ``licensing`` publish; ``marketplace`` (search index) and
others subscribe in their AppConfig.ready(). Handlers run after the
publishing transaction commits, so they never see rolled-back state.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

Handler = Callable[..., None]
_subscribers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    if handler not in _subscribers[event]:
        _subscribers[event].append(handler)


def publish(event: str, **payload: object) -> None:
    def deliver() -> None:
        for handler in list(_subscribers[event]):
            try:
                handler(**payload)
            except Exception:  # one subscriber's failure must not hide the event from others
                logger.exception("handler %r failed for %s %s", handler, event, payload)

    transaction.on_commit(deliver)
