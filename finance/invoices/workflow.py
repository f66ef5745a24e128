"""The invoice workflow: open → paid → partly refunded / refunded; open → void.

Payments and refunds are facts Stripe reports (webhooks apply them as ``SYSTEM``); a
refund after a second payment of the same invoice moves a refunded invoice back to
partly refunded. Voiding is the payee's (the issuer's) or staff's act, and only while
nothing was paid.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from catalog.kernel.permissions import staff_or_acts_for
from catalog.kernel.workflow import Workflow, action, platform_only
from finance.models import Invoice, InvoiceEvent, InvoiceStatus


def _issuer_or_staff(invoice: Invoice, user: object) -> bool:
    return staff_or_acts_for(user, invoice.payee_id)


S = InvoiceStatus
# Only after an extra payment (paid twice) is refunded invoice money again in play.
REFUNDABLE = [S.PAID, S.PARTLY_REFUNDED, S.REFUNDED]

WORKFLOW = Workflow(
    name="invoice",
    actions=[
        action("pay", [S.OPEN], S.PAID, platform_only),
        action("void", [S.OPEN], S.VOID, _issuer_or_staff, label=_("Void"), style="danger"),
        action("refund_part", REFUNDABLE, S.PARTLY_REFUNDED, platform_only),
        action("refund", REFUNDABLE, S.REFUNDED, platform_only),
        # A booked refund that Stripe then reports failed (finance.invoices.refunds).
        action("refund_undo", [S.PARTLY_REFUNDED, S.REFUNDED], S.PAID, platform_only),
        action(
            "refund_undo_part", [S.PARTLY_REFUNDED, S.REFUNDED], S.PARTLY_REFUNDED, platform_only
        ),
    ],
    audit_model=InvoiceEvent,
    audit_fk="invoice",
)
