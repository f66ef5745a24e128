"""In-app notices to users, sent by packages that cannot import the one that stores them.

The notice model lives in the project package (``marketplace``), above every domain
package. It registers its notifier here in its ``AppConfig.ready``; a domain service
(a pledge's LTV alert) calls ``notify`` and never imports ``marketplace``. Sending
with no notifier registered is a configuration error and fails loudly rather than
dropping the notice.
"""

from __future__ import annotations

from typing import Any, Protocol


class Notifier(Protocol):
    def __call__(self, *, user: Any, kind: str, text: str, url: str = "") -> None: ...


_notifier: Notifier | None = None


def register_notifier(notifier: Notifier) -> None:
    global _notifier
    _notifier = notifier


def notify(*, user: Any, kind: str, text: str, url: str = "") -> None:
    if _notifier is None:
        raise RuntimeError("no notifier is registered (the marketplace app registers one)")
    _notifier(user=user, kind=kind, text=text, url=url)
