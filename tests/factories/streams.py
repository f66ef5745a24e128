"""Factories for royalty-stream sales: a licensed work with three years of closed statements,
and offers made through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from finance.invoices.services import invoice_record_payment
from finance.models import Invoice
from finance.streams import services
from licensing.royalties.services import period_close
from tests.factories.catalog import make_party, make_user
from tests.factories.royalties import RoyaltyDeal, import_rows, row

HISTORY = ["2027-H1", "2027-H2", "2028-H1", "2028-H2", "2029-H1", "2029-H2"]


class StreamDeal(RoyaltyDeal):
    """A licensor with a licensed work and ``periods`` closed half-years of royalties."""

    def __init__(self, tmp_path: Path, *, periods=HISTORY, co_owner_percent=None):
        super().__init__(co_owner_percent=co_owner_percent)
        self.tmp_path = tmp_path
        self.contract = self.royalty_contract()
        for period in periods:
            self.close(period, units="10")

    def close(self, period: str, *, units: str, list_price: str = "12.50"):
        import_rows(
            self.tmp_path,
            self,
            self.contract,
            period,
            [row(self, units=units, list_price=list_price, line_id=f"{period}-{units}")],
        )
        return period_close(contracts=[self.contract], period=period)

    def offer(self, **overrides):
        data = {
            "user": self.seller,
            "holder": self.licensor,
            "works": [self.work],
            "title": "江城纪事 royalties",
            "share_percent": Decimal("25"),
            "term_periods": 4,
            "mode": "sealed",
            "currency": "USD",
            "reserve": Decimal("100"),
            "closes_at": timezone.now() + dt.timedelta(hours=1),
        }
        data.update(overrides)
        return services.stream_offer_create(**data)


def make_bidder(name: str, country: str = "SG"):
    user = make_user()
    return user, make_party(name=name, country=country, member=user)


def pay(invoice: Invoice, reference: str = "pi_stream_1"):
    """What the Stripe webhook does for a succeeded PaymentIntent (the payment tests cover the
    webhook itself)."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        return invoice_record_payment(
            invoice=locked,
            payment_intent_id=reference,
            charge_id=f"ch_{reference}",
            amount=locked.amount_due,
        )
