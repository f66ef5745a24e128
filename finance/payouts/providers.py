"""How a payout reaches a payee: Stripe Connect transfer or ISO 20022 pain.001 bank file.

One interface: ``submit(payout) -> (provider ref, new status)`` is idempotent by
payout id; ``close(run) -> files`` runs once all payouts were submitted and returns
the bank files to store (none for Stripe). The pain.001 writer is ``pain001.py``;
the platform's paying accounts are ``debtors.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

import stripe
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.money import to_minor
from finance.models import PayeeProfile, Payout, PayoutRun, PayoutStatus
from finance.payees.schemes import check_payee_account
from finance.payments.stripe_api import configure
from finance.payouts.debtors import DebtorAccount, debtor_account_for, debtor_accounts
from finance.payouts.pain001 import FileHeader, pain001_document


class ProviderRefused(Exception):
    """The provider refused this payout for good (bad account, closed account …)."""


class Provider(Protocol):
    def submit(self, payout: Payout) -> tuple[str, str]: ...

    def close(self, run: PayoutRun) -> list[PayoutFileDraft]: ...


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

    def close(self, run: PayoutRun) -> list[PayoutFileDraft]:
        return []


@dataclass(frozen=True)
class PayoutFileDraft:
    """A validated pain.001 file, stored by the service as a ``PayoutFile``."""

    debtor_account: str
    currency: str
    message_id: str
    transactions: int
    control_sum: Decimal
    xml: str


def _debtor_accounts() -> list[DebtorAccount]:
    return debtor_accounts(settings.PAYOUT_DEBTOR_ACCOUNTS)


class Pain001Provider:
    """pain.001.001.09 files: one per debtor account and currency, written when the run closes."""

    def submit(self, payout: Payout) -> tuple[str, str]:
        profile = PayeeProfile.objects.get(party=payout.payee_id)
        try:
            check_payee_account(profile)
        except ValidationError as exc:  # changed since the run started: never into a file
            raise ProviderRefused("; ".join(exc.messages)) from exc
        if debtor_account_for(_debtor_accounts(), payout.currency) is None:
            raise ProviderRefused(
                _("No platform bank account pays %(currency)s.") % {"currency": payout.currency}
            )
        return f"PAYOUT-{payout.pk}", PayoutStatus.SUBMITTED

    def close(self, run: PayoutRun) -> list[PayoutFileDraft]:
        payouts = (
            run.payouts.filter(status__in=[PayoutStatus.SUBMITTED, PayoutStatus.PAID])
            .select_related("payee__payee_profile")
            .prefetch_related("items")
            .order_by("currency", "pk")
        )
        accounts = _debtor_accounts()
        files: dict[tuple[DebtorAccount, str], list[Payout]] = {}
        for payout in payouts:
            debtor = debtor_account_for(accounts, payout.currency)
            if debtor is None:  # the setting changed since submit: write nothing
                raise ImproperlyConfigured(f"PAYOUT_DEBTOR_ACCOUNTS: none pays {payout.currency}")
            files.setdefault((debtor, payout.currency), []).append(payout)
        now = timezone.now()
        drafts = []
        for (debtor, currency), group in sorted(
            files.items(), key=lambda f: (f[0][0].key, f[0][1])
        ):
            header = FileHeader(
                message_id=f"PAYOUT-{run.pk}-{debtor.key}-{currency}",
                created=now,
                execution_date=now.date(),
                debtor=debtor,
                currency=currency,
            )
            xml = pain001_document(header=header, payouts=group)
            drafts.append(
                PayoutFileDraft(
                    debtor_account=debtor.key,
                    currency=currency,
                    message_id=header.message_id,
                    transactions=len(group),
                    control_sum=sum((p.amount for p in group), Decimal(0)),
                    xml=xml.decode(),
                )
            )
        return drafts


def provider_for(name: str) -> Provider:
    return {"stripe": StripeConnectProvider, "pain001": Pain001Provider}[name]()
