"""The buyer's receipt: what was paid, when, how, and in the buyer's own currency.

Rendered in the invoice's language (the buyer's, chosen when it was issued) through the
shared PDF renderer (``i18n.pdf``: vendored Noto fonts for CJK, Thai, Lao, Khmer and
Myanmar). When the buyer's country uses another currency than the invoice, the receipt
adds the amount in that currency at the rate recorded for the payment day, naming the
rate, its source and date; without a recorded rate it says nothing rather than guess.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass

from babel.numbers import get_territory_currencies
from django.utils.translation import gettext_lazy as _

from catalog.kernel.money import Money
from finance.fx.selectors import MissingRate, fx_convert
from finance.models import FxRate, Invoice, Payment

# Stripe's payment_method_details.type → what the receipt says (brand names stay as they are).
METHOD_LABELS = {
    "card": _("Card"),
    "alipay": "Alipay",
    "wechat_pay": "WeChat Pay",
    "grabpay": "GrabPay",
    "promptpay": "PromptPay",
    "paynow": "PayNow",
    "fpx": "FPX",
    "customer_balance": _("Bank transfer"),
    "link": "Link",
}


@dataclass(frozen=True)
class ReceiptPayment:
    payment: Payment
    method: str
    local: Money | None  # the amount in the buyer's currency, if it differs
    rate: FxRate | None


def buyer_currency(invoice: Invoice) -> str:
    """The currency in use in the buyer's country today (CLDR), or the invoice's."""
    found = get_territory_currencies(invoice.payer.country)
    return found[0] if found else invoice.currency


def receipt_payments(invoice: Invoice) -> list[ReceiptPayment]:
    local_currency = buyer_currency(invoice)
    rows = []
    for payment in invoice.payments.order_by("received_at", "pk"):
        local = rate = None
        if local_currency != payment.currency:
            # No recorded rate that day: the receipt shows the paid amount only.
            with suppress(MissingRate):
                local, rate = fx_convert(
                    money=Money(payment.amount, payment.currency),
                    quote=local_currency,
                    on=payment.received_at.date(),
                )
        method = METHOD_LABELS.get(payment.method, payment.method or "Stripe")
        rows.append(ReceiptPayment(payment, method, local, rate))
    return rows


def invoice_receipt_pdf(*, invoice: Invoice) -> bytes:
    """The receipt of a paid invoice as PDF in the buyer's language."""
    from i18n.pdf import render_pdf  # WeasyPrint is heavy: only PDF-making processes load it

    return render_pdf(
        "finance/receipt_pdf.html",
        {
            "invoice": invoice,
            "payments": receipt_payments(invoice),
            "refunds": list(invoice.refunds.filter(failed_at__isnull=True)),
        },
        language=invoice.language,
    )
