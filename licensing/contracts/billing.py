"""Money side of a contract: invoices on activation, payment status from invoice events.

``finance ↔ licensing`` talk only through services: activation asks
``finance.invoices.services.invoice_create`` for the instalments due on signature,
and finance's ``invoice_paid`` / ``invoice_refunded`` events come back here
to recompute ``Contract.payment_status``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from catalog.kernel.money import Money
from finance.events import InvoiceSettlementChanged
from finance.invoices.selectors import invoices_for_subject
from finance.invoices.services import InvoiceLineInput, invoice_create
from licensing.contracts.models import Contract, PaymentStatus
from licensing.terms import PaymentKind, PaymentTrigger, Terms

PAYMENT_DAYS = 30  # days from activation to the due date of signature instalments
# A dated instalment is invoiced this many days before it falls due (beat task).
INVOICE_LEAD_DAYS = 30
PAID = {"paid"}
PARTLY = {"partly_refunded"}
IGNORED = {"void"}


def subject_for(contract: Contract) -> str:
    return f"contract:{contract.reference}"


def _signature_totals(terms: Terms) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for item in terms.installments():
        if item.trigger == PaymentTrigger.SIGNATURE:
            totals[item.kind] += item.amount
    return totals


def _already_billed(contract: Contract) -> dict[str, Decimal]:
    """Signature instalments of the versions this one supersedes (an amendment bills the rise)."""
    billed: dict[str, Decimal] = defaultdict(Decimal)
    previous = contract.supersedes
    while previous is not None:
        for kind, amount in _signature_totals(previous.get_terms()).items():
            billed[kind] = max(billed[kind], amount)
        previous = previous.supersedes
    return billed


def signature_lines(contract: Contract) -> list[tuple[str, Decimal]]:
    """(kind, amount) due on signature of this version, net of what earlier versions billed."""
    billed = _already_billed(contract)
    return [
        (kind, amount - billed[kind])
        for kind, amount in _signature_totals(contract.get_terms()).items()
        if amount - billed[kind] > 0
    ]


def invoice_signature_installments(*, contract: Contract) -> str:
    """Create the invoices due on signature (inside activation); returns the payment status."""
    lines = signature_lines(contract)
    if not lines:
        return PaymentStatus.NONE_DUE
    language = contract.document_languages[-1] if contract.document_languages else "en"
    due_on = timezone.localdate() + dt.timedelta(days=PAYMENT_DAYS)
    for kind, amount in lines:
        with override(language):
            description = _("%(kind)s under licence contract %(ref)s") % {
                "kind": PaymentKind(kind).label,
                "ref": contract.reference,
            }
        invoice_create(
            payer=contract.licensee,
            payee=contract.licensor,
            lines=[
                InvoiceLineInput(
                    kind=kind, description=description, amount=Money(amount, contract.currency)
                )
            ],
            subject=subject_for(contract),
            idempotency_key=f"{subject_for(contract)}:signature:{kind}",
            due_on=due_on,
            language=language,
        )
    return PaymentStatus.UNPAID


def invoice_dated_installments(*, contract: Contract, today: dt.date | None = None) -> int:
    """Invoice the dated instalments falling due within the lead window; idempotent.

    Keyed by contract number (not version), kind and due date, so an amendment that keeps
    an instalment does not bill it twice. Returns how many instalments are now invoiced.
    """
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=INVOICE_LEAD_DAYS)
    due = [
        item
        for item in contract.get_terms().installments()
        if item.trigger == PaymentTrigger.DATE and item.due is not None and item.due <= horizon
    ]
    language = contract.document_languages[-1] if contract.document_languages else "en"
    for item in due:
        with override(language):
            description = _("%(kind)s under licence contract %(ref)s, due %(due)s") % {
                "kind": PaymentKind(item.kind).label,
                "ref": contract.reference,
                "due": item.due.isoformat(),
            }
        invoice_create(
            payer=contract.licensee,
            payee=contract.licensor,
            lines=[
                InvoiceLineInput(
                    kind=item.kind,
                    description=description,
                    amount=Money(item.amount, contract.currency),
                )
            ],
            subject=subject_for(contract),
            idempotency_key=f"contract:{contract.number}:date:{item.kind}:{item.due.isoformat()}",
            due_on=item.due,
            language=language,
        )
    if due:
        contract_payment_refresh(contract=contract)
    return len(due)


def invoice_due_installments_all(*, today: dt.date | None = None) -> int:
    """Daily: dated instalments of every active contract that now fall within the window."""
    total = 0
    for contract in Contract.objects.filter(status="active").order_by("pk").iterator():
        with transaction.atomic():
            total += invoice_dated_installments(contract=contract, today=today)
    return total


def payment_status_from(statuses: list[str]) -> str:
    statuses = [s for s in statuses if s not in IGNORED]
    if not statuses:
        return PaymentStatus.NONE_DUE
    if all(s in PAID for s in statuses):
        return PaymentStatus.PAID
    if any(s in PAID | PARTLY for s in statuses):
        return PaymentStatus.PARTLY_PAID
    return PaymentStatus.UNPAID


def contract_for_subject(subject: str) -> Contract | None:
    if not subject.startswith("contract:"):
        return None
    number, _sep, amendment = subject.removeprefix("contract:").partition("/A")
    version = int(amendment) + 1 if amendment.isdigit() else 1
    return Contract.objects.filter(number=number, version=version).first()


@transaction.atomic
def contract_payment_refresh(*, contract: Contract) -> str:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    statuses = list(invoices_for_subject(subject_for(contract)).values_list("status", flat=True))
    status = payment_status_from(statuses)
    if status != contract.payment_status:
        contract.payment_status = status
        contract.save(update_fields=["payment_status"])
    return status


def on_invoice_event(event: InvoiceSettlementChanged) -> None:
    """Subscriber of ``InvoicePaid`` / ``InvoiceRefunded`` (after finance's commit)."""
    contract = contract_for_subject(event.subject or "")
    if contract is not None:
        contract_payment_refresh(contract=contract)
