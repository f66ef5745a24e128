"""Reads of invoices: by subject, by user, who may see or pay one, the PDF."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from catalog.kernel.permissions import acting_party_ids, acts_for, is_staff
from finance.models import Invoice


def invoices_for_subject(subject: str) -> QuerySet[Invoice]:
    return Invoice.objects.filter(subject=subject).order_by("created_at", "pk")


def invoices_for_user(user) -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("payer", "payee")
    if is_staff(user):
        return invoices
    mine = acting_party_ids(user)
    return invoices.filter(Q(payer__in=mine) | Q(payee__in=mine))


def can_see_invoice(user, invoice: Invoice) -> bool:
    return is_staff(user) or bool(acting_party_ids(user) & {invoice.payer_id, invoice.payee_id})


def can_pay_invoice(user, invoice: Invoice) -> bool:
    return acts_for(user, invoice.payer_id)


def invoice_pdf(*, invoice: Invoice) -> bytes:
    """The invoice as PDF in the buyer's language (Babel amounts, vendored fonts)."""
    from i18n.pdf import render_pdf  # WeasyPrint is heavy: only PDF-making processes load it

    return render_pdf(
        "finance/invoice_pdf.html",
        {"invoice": invoice, "lines": list(invoice.lines.all())},
        language=invoice.language,
    )
