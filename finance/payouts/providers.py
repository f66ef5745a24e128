"""How a payout reaches a payee: Stripe Connect transfer or ISO 20022 pain.001 bank file.

One interface: ``submit(payout) -> (provider ref, new status)`` is idempotent by
payout id; ``close(run) -> file text`` runs once all payouts were submitted.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Protocol

import stripe
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from catalog.kernel.money import minor_digits, to_minor
from finance.models import PayeeProfile, Payout, PayoutRun, PayoutStatus
from finance.payments.stripe_api import configure

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"


def platform_debtor() -> tuple[str, str, str]:
    """(name, IBAN, BIC) of the platform's paying account; demo values until configured."""
    return (
        getattr(settings, "PLATFORM_LEGAL_NAME", "Copyright Marketplace Platform Ltd."),
        getattr(settings, "PLATFORM_BANK_IBAN", "DE89370400440532013000"),
        getattr(settings, "PLATFORM_BANK_BIC", "COBADEFFXXX"),
    )


class ProviderRefused(Exception):
    """The provider refused this payout for good (bad account, closed account …)."""


class Provider(Protocol):
    def submit(self, payout: Payout) -> tuple[str, str]: ...

    def close(self, run: PayoutRun) -> str: ...


class StripeConnectProvider:
    """``stripe.Transfer.create`` to the payee's connected account."""

    def submit(self, payout: Payout) -> tuple[str, str]:
        profile = PayeeProfile.objects.get(party=payout.payee_id)
        configure()
        try:
            transfer = stripe.Transfer.create(
                amount=to_minor(payout.amount, payout.currency),
                currency=payout.currency.lower(),
                destination=profile.stripe_account_id,
                transfer_group=f"payout-{payout.pk}",
                metadata={"payout_id": str(payout.pk), "run_id": str(payout.run_id)},
                idempotency_key=f"payout-{payout.pk}",
            )
        except stripe.InvalidRequestError as exc:
            raise ProviderRefused(str(exc.user_message or exc)) from exc
        return transfer["id"], PayoutStatus.PAID  # a Connect transfer is final when created

    def close(self, run: PayoutRun) -> str:
        return ""


def check_bank_account(*, iban: str, bic: str) -> tuple[str, str]:
    """Compact, validated (IBAN, BIC) or a field error."""
    try:
        iban = stdnum_iban.validate(iban)
    except StdnumError as exc:
        raise ValidationError({"iban": _("%(iban)s is not a valid IBAN") % {"iban": iban}}) from exc
    try:
        bic = stdnum_bic.validate(bic)
    except StdnumError as exc:
        raise ValidationError({"bic": _("%(bic)s is not a valid BIC") % {"bic": bic}}) from exc
    return iban, bic


def _amount_text(amount: Decimal, currency: str) -> str:
    return f"{amount:.{minor_digits(currency)}f}"


class Pain001Provider:
    """A pain.001.001.09 credit-transfer file per run, one PmtInf per currency."""

    def submit(self, payout: Payout) -> tuple[str, str]:
        profile = PayeeProfile.objects.get(party=payout.payee_id)
        try:
            check_bank_account(iban=profile.iban, bic=profile.bic)
        except ValidationError as exc:
            raise ProviderRefused("; ".join(exc.messages)) from exc
        return f"PAYOUT-{payout.pk}", PayoutStatus.SUBMITTED

    def close(self, run: PayoutRun) -> str:
        payouts = list(
            run.payouts.filter(status__in=[PayoutStatus.SUBMITTED, PayoutStatus.PAID])
            .select_related("payee__payee_profile")
            .order_by("currency", "pk")
        )
        return pain001_xml(run=run, payouts=payouts) if payouts else ""


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str):
    element = ET.SubElement(parent, f"{{{PAIN_NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _path(parent: ET.Element, tags: str, text: str) -> None:
    for tag in tags.split("/"):
        parent = _sub(parent, tag)
    parent.text = text


def pain001_xml(
    *, run: PayoutRun, payouts: list[Payout], created: dt.datetime | None = None
) -> str:
    debtor_name, iban, bic = platform_debtor()
    debtor_iban, debtor_bic = check_bank_account(iban=iban, bic=bic)
    created = created or run.created_at or timezone.now()
    ET.register_namespace("", PAIN_NS)
    root = ET.Element(f"{{{PAIN_NS}}}Document")
    initiation = _sub(root, "CstmrCdtTrfInitn")
    header = _sub(initiation, "GrpHdr")
    _sub(header, "MsgId", f"PAYOUT-RUN-{run.pk}")
    _sub(header, "CreDtTm", created.replace(microsecond=0).isoformat())
    _sub(header, "NbOfTxs", str(len(payouts)))
    _sub(header, "CtrlSum", str(sum(p.amount for p in payouts)))  # mixed currencies: a checksum
    _path(header, "InitgPty/Nm", debtor_name[:140])
    by_currency: dict[str, list[Payout]] = {}
    for payout in payouts:
        by_currency.setdefault(payout.currency, []).append(payout)
    for currency, group in sorted(by_currency.items()):
        info = _sub(initiation, "PmtInf")
        _sub(info, "PmtInfId", f"PAYOUT-RUN-{run.pk}-{currency}")
        _sub(info, "PmtMtd", "TRF")
        _sub(info, "NbOfTxs", str(len(group)))
        total = sum((p.amount for p in group), Decimal(0))
        _sub(info, "CtrlSum", _amount_text(total, currency))
        _path(info, "ReqdExctnDt/Dt", created.date().isoformat())
        _path(info, "Dbtr/Nm", debtor_name[:140])
        _path(info, "DbtrAcct/Id/IBAN", debtor_iban)
        _path(info, "DbtrAgt/FinInstnId/BICFI", debtor_bic)
        _sub(info, "ChrgBr", "SLEV" if currency == "EUR" else "SHAR")
        for payout in group:
            profile = payout.payee.payee_profile
            iban, bic = check_bank_account(iban=profile.iban, bic=profile.bic)
            tx = _sub(info, "CdtTrfTxInf")
            _path(tx, "PmtId/EndToEndId", f"PAYOUT-{payout.pk}")
            amount = _sub(tx, "Amt")
            _sub(amount, "InstdAmt", _amount_text(payout.amount, currency), Ccy=currency)
            _path(tx, "CdtrAgt/FinInstnId/BICFI", bic)
            _path(tx, "Cdtr/Nm", (profile.account_holder or payout.payee.original_name)[:140])
            _path(tx, "CdtrAcct/Id/IBAN", iban)
            _path(tx, "RmtInf/Ustrd", f"Royalties and licence fees, payout {payout.pk}"[:140])
    ET.indent(root)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8").decode()


def provider_for(name: str) -> Provider:
    return {"stripe": StripeConnectProvider, "pain001": Pain001Provider}[name]()
