"""Events the finance layer publishes (see ``catalog.kernel.events``)."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.kernel.events import DomainEvent


@dataclass(frozen=True)
class InvoiceSettlementChanged(DomainEvent):
    """What was paid against an invoice changed; ``subject`` names what it bills."""

    invoice_id: int
    subject: str


@dataclass(frozen=True)
class InvoicePaid(InvoiceSettlementChanged):
    pass


@dataclass(frozen=True)
class InvoiceRefunded(InvoiceSettlementChanged):
    pass
