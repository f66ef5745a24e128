"""What a signed settlement does: a licence, a transfer of ownership, invoices.

Each effect goes through the service that owns it: a licence through the
encumbrance guards and ``grant_write``, ownership through the catalog's
``work_transfer`` (which runs the guards itself), payments through
``invoice_create``. And only from a side that holds what it gives: a settlement
between A and B cannot license or hand over C's work, whoever signs it. The
check runs when the mediator drafts the agreement (a clear refusal early) and
again, under the work's lock, when the last signature applies it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.kernel.guards import ensure_allowed
from catalog.kernel.money import Money
from catalog.models import Party, Work
from catalog.selectors import party_holds
from catalog.services import party_create, work_transfer
from finance.invoices.services import InvoiceLineInput, invoice_create
from licensing.disputes.models import Case, CaseParty, Settlement
from licensing.models import Grant
from licensing.services import grant_write

SIDES = (CaseParty.Role.CLAIMANT, CaseParty.Role.RESPONDENT)


def _other(role: str) -> str:
    return SIDES[1] if role == SIDES[0] else SIDES[0]


def _sides(case: Case) -> dict[str, CaseParty]:
    return {r.role: r for r in case.parties.filter(role__in=SIDES).select_related("party")}


def check_giver(*, giver: CaseParty, work: Work, right: str | None, field: str) -> None:
    """Refuse unless the giving side is a registered party that holds ``work`` (or
    ``right`` of it)."""
    if not party_holds(work=work, party=giver.party, right=right):
        raise ValidationError(
            {
                field: _(
                    "%(name)s (%(role)s) does not hold “%(work)s”: a settlement can only "
                    "license or transfer what the giving side holds."
                )
                % {
                    "name": giver.name,
                    "role": giver.get_role_display(),
                    "work": work.original_title,
                }
            }
        )


def check_effects(
    *,
    case: Case,
    licence_work: Work | None,
    licence_right: str,
    licensee_role: str,
    transfer_work: Work | None,
    transfer_to: str,
) -> None:
    """At drafting: the side that licenses or gives up the work must hold it."""
    sides = _sides(case)
    if licence_work is not None:
        check_giver(
            giver=sides[_other(licensee_role)],
            work=licence_work,
            right=licence_right,
            field="licence",
        )
    if transfer_work is not None:
        check_giver(
            giver=sides[_other(transfer_to)], work=transfer_work, right=None, field="transfer"
        )


def _ensure_party(case: Case, row: CaseParty) -> Party:
    """A side that never registered gets a party of its own to receive a licence or pay."""
    if row.party_id is None:
        row.party = party_create(
            kind="organisation",
            category="other",
            name=row.name,
            country=row.country,
            email=row.email,
            website=row.url,
            source_ref=f"dispute:{case.number}:{row.role}",
        )
        row.save(update_fields=["party"])
    return row.party


def _apply_licence(case: Case, sides: dict[str, CaseParty], lic: dict) -> None:
    work = Work.objects.select_for_update().get(pk=lic["work_id"])
    licensee_row = sides[lic["licensee"]]
    giver = sides[_other(lic["licensee"])]
    check_giver(giver=giver, work=work, right=lic["right_type"], field="licence")
    licensee = _ensure_party(case, licensee_row)
    ensure_allowed(
        work,
        "license_exclusive" if lic["exclusive"] else "license",
        field="licence",
        licensee=licensee,
        party=giver.party,
        dispute=case,
    )
    grant_write(
        work=work,
        licensee=licensee,
        right_type=lic["right_type"],
        territories=lic["territories"],
        languages=lic["languages"],
        start=dt.date.fromisoformat(lic["start"]),
        end=dt.date.fromisoformat(lic["end"]),
        exclusive=lic["exclusive"],
        source=Grant.Source.SETTLEMENT,
        source_ref=case.number,
    )


def _apply_transfer(case: Case, sides: dict[str, CaseParty], transfer: dict) -> None:
    work = Work.objects.get(pk=transfer["work_id"])
    giver = sides[_other(transfer["to"])]
    check_giver(giver=giver, work=work, right=None, field="transfer")
    to_party = _ensure_party(case, sides[transfer["to"]])
    work_transfer(work=work, from_party=giver.party, to_party=to_party, dispute=case)


def _post_invoices(case: Case, sides: dict[str, CaseParty], settlement: Settlement) -> None:
    respondent = sides[CaseParty.Role.RESPONDENT]
    payer = _ensure_party(case, respondent)
    payee = _ensure_party(case, sides[CaseParty.Role.CLAIMANT])
    for index, item in enumerate(settlement.payment_schedule, start=1):
        invoice_create(
            payer=payer,
            payee=payee,
            lines=[
                InvoiceLineInput(
                    kind="settlement",
                    description=f"{case.number} settlement instalment {index}",
                    amount=Money(Decimal(item["amount"]), settlement.currency),
                )
            ],
            subject=f"dispute:{case.number}",
            idempotency_key=f"dispute:{case.number}:instalment:{index}",
            due_on=dt.date.fromisoformat(item["due_on"]),
            language=respondent.language,
        )


def apply_effects(*, case: Case, settlement: Settlement) -> None:
    """Inside the last signature's transaction: all effects or none."""
    sides = _sides(case)
    if settlement.licence:
        _apply_licence(case, sides, settlement.licence)
    if settlement.transfer:
        _apply_transfer(case, sides, settlement.transfer)
    if settlement.amount > 0:
        _post_invoices(case, sides, settlement)
