"""pain.001.001.09 files banks accept: every country's scheme, one file per debtor account and
currency, each validated against ISO's schema; invalid creditors and files are refused."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
import xmlschema

from finance.ledger.selectors import trial_balance
from finance.models import PayeeProfile, PayoutFile, PayoutRun, PayoutRunStatus
from finance.payouts.pain001 import PAIN_NS, SCHEMA, Pain001Invalid
from finance.payouts.services import payout_run_execute, payout_run_start
from tests.factories.payouts import bank_payee, owe

pytestmark = pytest.mark.django_db
NS = {"p": PAIN_NS}
# ISO's file, loaded here on its own: the test does not trust the code's copy of the check.
OFFICIAL = xmlschema.XMLSchema10(str(SCHEMA))

DEBTORS = [
    {
        "key": "dbs-sg",
        "name": "Copyright Exchange Pte. Ltd.",
        "country": "SG",
        "account_number": "0720123456",
        "bic": "DBSSSGSG",
        "currencies": ["USD", "SGD"],
    },
    {
        "key": "icbc-cn",
        "name": "版权交易（上海）有限公司",
        "country": "CN",
        "account_number": "1001234567890123456",
        "bic": "ICBKCNBJSHI",
        "currencies": ["CNY"],
    },
    {
        "key": "db-de",
        "name": "Copyright Exchange GmbH",
        "country": "DE",
        "iban": "DE75512108001245126199",
        "bic": "DEUTDEFFXXX",
        "currencies": ["*"],
    },
]


@pytest.fixture(autouse=True)
def debtors(settings):
    settings.PAYOUT_DEBTOR_ACCOUNTS = DEBTORS


def run_pain001(**kwargs) -> PayoutRun:
    return payout_run_execute(run=payout_run_start(provider="pain001", **kwargs))


def parsed(payout_file: PayoutFile) -> ET.Element:
    OFFICIAL.validate(payout_file.xml)  # raises on any schema violation
    return ET.fromstring(payout_file.xml.encode())  # noqa: S314 (our own file)


def text(node: ET.Element, path: str) -> str | None:
    """``findtext`` with the pain.001 namespace on every element name of ``path``."""
    steps = [f"p:{step}" if step not in ("", ".") else step for step in path.split("/")]
    return node.findtext("/".join(steps), namespaces=NS)


@pytest.mark.parametrize(
    ("country", "currency", "amount", "expected"),
    [
        (
            "CN",
            "CNY",
            "8800.00",
            {
                ".//CdtrAcct/Id/Othr/Id": "6222021001122334455",
                ".//CdtrAcct/Id/Othr/SchmeNm/Cd": "BBAN",
                ".//CdtrAgt/FinInstnId/BICFI": "ICBKCNBJ",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/ClrSysId/Cd": "CNAPS",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/MmbId": "102100099996",
                ".//DbtrAcct/Id/Othr/Id": "1001234567890123456",
                ".//DbtrAgt/FinInstnId/BICFI": "ICBKCNBJSHI",
            },
        ),
        (
            "VN",
            "VND",
            "3000000",
            {
                ".//CdtrAcct/Id/Othr/Id": "0071001234567",
                ".//CdtrAgt/FinInstnId/BICFI": "BFTVVNVX",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/MmbId": None,
                ".//InstdAmt": "3000000",  # VND has no minor unit
            },
        ),
        (
            "TH",
            "THB",
            "12500.00",
            {
                ".//CdtrAcct/Id/Othr/Id": "1234567890",
                ".//CdtrAgt/FinInstnId/BICFI": "BKKBTHBK",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/ClrSysId/Cd": "THCBC",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/MmbId": "002",
            },
        ),
        (
            "MY",
            "MYR",
            "950.00",
            {
                ".//CdtrAcct/Id/Othr/Id": "514123456789",
                ".//CdtrAgt/FinInstnId/BICFI": "MBBEMYKL",
            },
        ),
        (
            "SG",
            "SGD",
            "640.00",
            {
                ".//CdtrAcct/Id/Othr/Id": "0123456789",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/ClrSysId/Cd": "SGIBG",
                ".//CdtrAgt/FinInstnId/ClrSysMmbId/MmbId": "7171081",  # bank + branch, 7!n
                ".//CdtrAgt/BrnchId/Id": "081",
                ".//DbtrAcct/Id/Othr/Id": "0720123456",
            },
        ),
    ],
)
def test_a_national_account_file_is_schema_valid_and_routes_by_the_countrys_scheme(
    country, currency, amount, expected
):
    payee = bank_payee(name=f"Licensor {country}", country=country)
    owe(payee, currency, amount, f"owed-{country}")
    run = run_pain001()
    (payout_file,) = run.files.all()
    doc = parsed(payout_file)
    assert payout_file.currency == currency and payout_file.transactions == 1
    assert text(doc, ".//Cdtr/PstlAdr/Ctry") == country
    assert text(doc, ".//CdtrAgt/FinInstnId/PstlAdr/Ctry") == country
    assert text(doc, ".//PmtInf/ChrgBr") == "SHAR"
    assert text(doc, ".//Purp/Cd") == "ROYA"
    assert text(doc, ".//CdtrAcct/Id/IBAN") is None
    assert doc.find(".//p:InstdAmt", NS).get("Ccy") == currency
    for path, value in expected.items():
        assert text(doc, path) == value, path
    assert set(trial_balance().values()) == {Decimal(0)}


def test_a_sepa_payee_is_paid_by_iban_with_service_level_sepa_and_charges_slev():
    payee = bank_payee(name="Verlag Berlin", country="DE")
    owe(payee, "EUR", "420.00", "owed-de")
    (payout_file,) = run_pain001().files.all()
    doc = parsed(payout_file)
    assert payout_file.debtor_account == "db-de"
    assert text(doc, ".//CdtrAcct/Id/IBAN") == "DE02120300000000202051"
    assert text(doc, ".//DbtrAcct/Id/IBAN") == "DE75512108001245126199"
    assert text(doc, ".//PmtTpInf/SvcLvl/Cd") == "SEPA"
    assert text(doc, ".//PmtInf/ChrgBr") == "SLEV"


def test_a_run_makes_one_file_per_debtor_account_and_currency():
    cn = bank_payee(name="长江文艺出版社", country="CN")
    sg = bank_payee(name="Straits Books", country="SG")
    de = bank_payee(name="Verlag Berlin", country="DE")
    owe(cn, "CNY", "7000.00", "cn-cny")
    owe(cn, "USD", "300.00", "cn-usd")
    owe(sg, "USD", "120.00", "sg-usd")
    owe(sg, "SGD", "90.00", "sg-sgd")
    owe(de, "EUR", "55.00", "de-eur")
    owe(cn, "EUR", "80.00", "cn-eur")  # EUR to China: cross-border, not SEPA
    run = run_pain001()
    files = {(f.debtor_account, f.currency): f for f in run.files.all()}
    assert set(files) == {
        ("icbc-cn", "CNY"),
        ("dbs-sg", "USD"),
        ("dbs-sg", "SGD"),
        ("db-de", "EUR"),
    }
    assert len({f.message_id for f in files.values()}) == 4
    usd = parsed(files[("dbs-sg", "USD")])
    assert text(usd, "CstmrCdtTrfInitn/GrpHdr/MsgId") == files[("dbs-sg", "USD")].message_id
    assert text(usd, "CstmrCdtTrfInitn/GrpHdr/NbOfTxs") == "2"
    assert text(usd, "CstmrCdtTrfInitn/GrpHdr/CtrlSum") == "420.00"
    assert {e.get("Ccy") for e in usd.findall(".//p:InstdAmt", NS)} == {"USD"}
    assert text(usd, ".//DbtrAgt/FinInstnId/BICFI") == "DBSSSGSG"
    eur = parsed(files[("db-de", "EUR")])
    charges = {
        info.findtext("p:ChrgBr", namespaces=NS): info.findtext("p:NbOfTxs", namespaces=NS)
        for info in eur.findall(".//p:PmtInf", NS)
    }
    assert charges == {"SLEV": "1", "SHAR": "1"}
    assert files[("db-de", "EUR")].control_sum == Decimal("135.00")


def test_a_creditor_whose_account_became_invalid_is_refused_before_the_file_is_written():
    good = bank_payee(name="Good Books", country="VN")
    bad = bank_payee(name="Broken Books", country="VN")
    owe(good, "VND", "3000000", "good")
    owe(bad, "VND", "4000000", "bad")
    run = payout_run_start(provider="pain001")
    # Changed behind the payee page's back after the run reserved the money.
    PayeeProfile.objects.filter(party=bad).update(account_number="12AB")
    run = payout_run_execute(run=run)
    refused = run.payouts.get(payee=bad)
    assert refused.status == "failed" and "account number" in refused.error
    (payout_file,) = run.files.all()
    doc = parsed(payout_file)
    assert [e.text for e in doc.findall(".//p:CdtrAcct/p:Id/p:Othr/p:Id", NS)] == ["0071001234567"]
    assert set(trial_balance().values()) == {Decimal(0)}


def test_a_file_the_schema_refuses_is_not_written_and_the_error_names_the_element():
    payee = bank_payee(name="Siam Books", country="TH")
    owe(payee, "THB", "9000.00", "th")
    run = payout_run_start(provider="pain001")
    # Stored in lower case behind the payee page's back: the scheme check reads it
    # case-blind and lets it through, ISO's BICFI pattern does not.
    PayeeProfile.objects.filter(party=payee).update(bic="bkkbthbk")
    with pytest.raises(Pain001Invalid) as err:
        payout_run_execute(run=run)
    assert "BICFI" in err.value.message_dict["xml"][0]
    run.refresh_from_db()
    assert run.status == PayoutRunStatus.RUNNING and not run.files.exists()
