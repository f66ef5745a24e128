"""Live status flags of a work (registered, pledged, seized, under dispute, licensed…).

Each package that knows a fact about works registers a provider here; the
public verify page and the search index ask ``work_status_flags`` and never
import those packages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Model


@dataclass(frozen=True)
class StatusFlag:
    code: str  # registered | pledged | seized | disputed | exclusively_licensed | …
    label: str
    severity: str = "info"  # info | warning | danger
    detail: str = ""
    territories: tuple[str, ...] = field(default_factory=tuple)


Provider = Callable[[Model], Iterable[StatusFlag]]
_providers: list[Provider] = []


def register_status_provider(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def work_status_flags(work: Model) -> list[StatusFlag]:
    flags: list[StatusFlag] = []
    for provider in _providers:
        flags.extend(provider(work))
    return flags


def work_has_flag(work: Model, code: str) -> bool:
    return any(flag.code == code for flag in work_status_flags(work))
