"""ISO 20022 pain.001.001.09 credit-transfer files, checked against the official schema.

One file per debtor account and currency (``PayoutFile``). Inside, one PmtInf for
SEPA transfers (EUR between IBANs of the SEPA zone: service level SEPA, charges
SLEV, as the EPC rulebook requires) and one for the rest (charges SHAR: each side
pays its own bank, the usual cross-border term). Each transaction carries:

- the creditor's account: ``CdtrAcct/Id/IBAN`` where the country uses IBAN, otherwise
  the national account number as ``CdtrAcct/Id/Othr/Id`` with scheme ``BBAN``
  (ExternalAccountIdentification1Code: "Basic Bank Account Number … used nationally");
- the creditor's bank: ``BICFI`` and/or the clearing system member id
  (``ClrSysMmbId/ClrSysId/Cd`` from ExternalClearingSystemIdentification1Code, e.g.
  CNAPS, and ``MmbId``), its branch as ``BrnchId/Id`` and its country;
- the creditor's country (``Cdtr/PstlAdr/Ctry``), which China and several ASEAN
  corridors require for cross-border credit;
- purpose ``ROYA`` (ExternalPurpose1Code "Transaction is the payment of royalties");
- structured remittance: one ``RfrdDocInf`` per statement (SOAC) and invoice (CINV)
  the payout settles, with what each made payable.

Every document is validated against ``schemas/pain.001.001.09.xsd`` (ISO's own
file, see schemas/README.md) before anything is stored: an invalid one raises
``Pain001Invalid`` naming the element and the reason, and no file is written.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import xmlschema
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import IBAN

from catalog.kernel.money import minor_digits
from finance.models import PayeeProfile, Payout
from finance.payouts.debtors import DebtorAccount

PAIN_NS = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
SCHEMA = Path(__file__).parent / "schemas" / "pain.001.001.09.xsd"
PURPOSE = "ROYA"


class Pain001Invalid(ValidationError):
    """The document does not satisfy the pain.001.001.09 schema; it is not written."""


@cache
def schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMA))


def validate_pain001(xml: bytes) -> None:
    error = next(schema().iter_errors(xml), None)
    if error is not None:
        raise Pain001Invalid(
            {
                "xml": _("The pain.001 file is not valid at %(path)s: %(reason)s")
                % {"path": error.path or "/", "reason": error.reason or error.message}
            }
        )


@dataclass(frozen=True)
class FileHeader:
    message_id: str
    created: dt.datetime
    execution_date: dt.date
    debtor: DebtorAccount
    currency: str


def amount_text(amount: Decimal, currency: str) -> str:
    return f"{amount:.{minor_digits(currency)}f}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{PAIN_NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


def _path(parent: ET.Element, tags: str, text: str | None = None) -> ET.Element:
    for tag in tags.split("/"):
        parent = _sub(parent, tag)
    parent.text = text
    return parent


def _sepa(iban: str) -> bool:
    return bool(iban) and IBAN(iban, allow_invalid=True).in_sepa_zone


def is_sepa(header: FileHeader, profile: PayeeProfile) -> bool:
    return header.currency == "EUR" and _sepa(header.debtor.iban) and _sepa(profile.iban)


def _account(parent: ET.Element, tag: str, *, iban: str, number: str) -> None:
    ident = _path(parent, f"{tag}/Id")
    if iban:
        _sub(ident, "IBAN", iban)
    else:
        other = _sub(ident, "Othr")
        _sub(other, "Id", number)
        _path(other, "SchmeNm/Cd", "BBAN")


# Clearing systems whose member id is the bank code followed by the branch code (ISO 20022
# ExternalClearingSystemIdentification1Code list: SGIBG "Bank Branch code used in
# Singapore", 7!n = 4-digit bank + 3-digit branch). Elsewhere the member id is the bank
# code alone (CNAPS's 12 digits already name the branch; THCBC is the bank's 3 digits).
BRANCH_IN_MEMBER_ID = frozenset({"SGIBG"})


def member_id(profile: PayeeProfile) -> str:
    if profile.clearing_system in BRANCH_IN_MEMBER_ID:
        return profile.bank_code + profile.branch_code
    return profile.bank_code


def _creditor_agent(tx: ET.Element, profile: PayeeProfile) -> None:
    clearing = profile.clearing_system and profile.bank_code
    if not (profile.bic or clearing):
        return  # an IBAN alone routes the transfer (SEPA; the IBAN names the bank)
    agent = _sub(tx, "CdtrAgt")
    institution = _sub(agent, "FinInstnId")
    if profile.bic:
        _sub(institution, "BICFI", profile.bic)
    if clearing:
        member = _sub(institution, "ClrSysMmbId")
        _path(member, "ClrSysId/Cd", profile.clearing_system)
        _sub(member, "MmbId", member_id(profile))
    if profile.bank_country:
        _path(institution, "PstlAdr/Ctry", profile.bank_country)
    if profile.branch_code:
        _path(agent, "BrnchId/Id", profile.branch_code)


def _remittance(tx: ET.Element, payout: Payout) -> None:
    info = _sub(tx, "RmtInf")
    for item in payout.items.all():
        structured = _sub(info, "Strd")
        document = _sub(structured, "RfrdDocInf")
        _path(document, "Tp/CdOrPrtry/Cd", item.document_type)
        _sub(document, "Nb", item.number)
        _sub(document, "RltdDt", item.document_date.isoformat())
        amounts = _sub(structured, "RfrdDocAmt")
        due = amount_text(item.amount, payout.currency)
        _sub(amounts, "DuePyblAmt", due, Ccy=payout.currency)
    if not len(info):  # no statement or invoice behind the money (a manual credit)
        _sub(info, "Ustrd", f"Royalties and licence fees, payout {payout.pk}")


def _transaction(info: ET.Element, payout: Payout, profile: PayeeProfile) -> None:
    tx = _sub(info, "CdtTrfTxInf")
    _path(tx, "PmtId/EndToEndId", f"PAYOUT-{payout.pk}")
    amount = _sub(tx, "Amt")
    _sub(amount, "InstdAmt", amount_text(payout.amount, payout.currency), Ccy=payout.currency)
    _creditor_agent(tx, profile)
    creditor = _sub(tx, "Cdtr")
    _sub(creditor, "Nm", (profile.account_holder or payout.payee.original_name)[:140])
    _path(creditor, "PstlAdr/Ctry", payout.payee.country or profile.bank_country)
    _account(tx, "CdtrAcct", iban=profile.iban, number=profile.account_number)
    _path(tx, "Purp/Cd", PURPOSE)
    _remittance(tx, payout)


def _payment_info(
    root: ET.Element, header: FileHeader, n: int, payouts: list[Payout], *, sepa: bool
) -> None:
    debtor, currency = header.debtor, header.currency
    info = _sub(root, "PmtInf")
    _sub(info, "PmtInfId", f"{header.message_id[:32]}-{n}")
    _sub(info, "PmtMtd", "TRF")
    _sub(info, "NbOfTxs", str(len(payouts)))
    _sub(info, "CtrlSum", amount_text(sum((p.amount for p in payouts), Decimal(0)), currency))
    if sepa:
        _path(info, "PmtTpInf/SvcLvl/Cd", "SEPA")
    _path(info, "ReqdExctnDt/Dt", header.execution_date.isoformat())
    dbtr = _sub(info, "Dbtr")
    _sub(dbtr, "Nm", debtor.name)
    _path(dbtr, "PstlAdr/Ctry", debtor.country)
    _account(info, "DbtrAcct", iban=debtor.iban, number=debtor.account_number)
    _path(info, "DbtrAgt/FinInstnId/BICFI", debtor.bic)
    _sub(info, "ChrgBr", "SLEV" if sepa else "SHAR")
    for payout in payouts:
        _transaction(info, payout, payout.payee.payee_profile)


def pain001_document(*, header: FileHeader, payouts: list[Payout]) -> bytes:
    """The validated file for ``payouts`` (all in ``header.currency``), or Pain001Invalid."""
    ET.register_namespace("", PAIN_NS)
    document = ET.Element(f"{{{PAIN_NS}}}Document")
    initiation = _sub(document, "CstmrCdtTrfInitn")
    group = _sub(initiation, "GrpHdr")
    _sub(group, "MsgId", header.message_id)
    _sub(group, "CreDtTm", header.created.replace(microsecond=0).isoformat())
    _sub(group, "NbOfTxs", str(len(payouts)))
    total = sum((p.amount for p in payouts), Decimal(0))
    _sub(group, "CtrlSum", amount_text(total, header.currency))
    _path(group, "InitgPty/Nm", header.debtor.name)
    sepa = [p for p in payouts if is_sepa(header, p.payee.payee_profile)]
    other = [p for p in payouts if p not in sepa]
    for n, (group_payouts, is_sepa_group) in enumerate(((sepa, True), (other, False)), 1):
        if group_payouts:
            _payment_info(initiation, header, n, group_payouts, sepa=is_sepa_group)
    ET.indent(document)
    xml = ET.tostring(document, xml_declaration=True, encoding="UTF-8")
    validate_pain001(xml)
    return xml
