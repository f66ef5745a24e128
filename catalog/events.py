"""Events the catalog layer publishes about works (see ``catalog.kernel.events``).

``WorkStatusChanged`` lives here, not in the packages that publish it (pledges,
seizures, disputes), so that subscribers such as the search index hear it
without importing those packages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from catalog.kernel.events import DomainEvent


@dataclass(frozen=True)
class WorkEvent(DomainEvent):
    """Something about one work changed what buyers may see of it."""

    work_id: int


@dataclass(frozen=True)
class WorkRegistered(WorkEvent):
    number: str = ""


@dataclass(frozen=True)
class WorkChanged(WorkEvent):
    """Its metadata, files or ownership changed."""


@dataclass(frozen=True)
class WorkStatusChanged(WorkEvent):
    """A live status flag (pledged, seized, disputed) appeared or went away."""


@dataclass(frozen=True)
class WorkFrozen(WorkStatusChanged):
    """A court order froze the work (all its rights, or ``right_types``): negotiations on
    it stop in the same commit (subscribers hear it ``in_transaction``)."""

    order: str = ""  # "<app>.<model>:<pk>" of the order
    right_types: tuple[str, ...] = ()  # empty: every right
    court: str = ""
    case_number: str = ""


@dataclass(frozen=True)
class WorkUnfrozen(WorkStatusChanged):
    """A court order over the work was released or ran out (``on``: that day)."""

    order: str = ""
    court: str = ""
    on: dt.date | None = None
