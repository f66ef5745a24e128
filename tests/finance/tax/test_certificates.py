"""Withholding certificates: the PDF's figures are the statements' and the ledger's.

A Chinese licensor paid by a Philippine licensee (USD, treaty 15 %) and a Thai one (EUR,
treaty 10 %) in 2027-Q1; statements in Vietnamese, so the certificate is Vietnamese and
Chinese. Real WeasyPrint, read back with pdftotext.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from catalog.services import work_create
from finance.ledger.selectors import account_balance
from finance.ledger.services import account_for
from finance.tax.certificates import withholding_certificate_issue
from i18n.formatting import format_money
from licensing.royalties.close import statements_post_ledger_now
from licensing.royalties.services import (
    period_close,
    royalty_setting_save,
    withholding_rate_record,
)
from tests.factories.catalog import make_user, work_input
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal, import_rows, isbn13, row
from tests.factories.tax import treaty_resident

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed to read the PDF back"
    text = subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return re.sub(r"\s", "", text)  # pdftotext breaks lines and spaces as it lays them out


def squeeze(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.fixture
def period_closed(tmp_path, fast_pdf, private_root):
    for payer, payee, rate in (("PH", "CN", "15"), ("TH", "CN", "10")):
        withholding_rate_record(
            payer_country=payer,
            payee_country=payee,
            rate=D(rate),
            source=f"test: {payer}-{payee} treaty",
            valid_from=dt.date(2020, 1, 1),
        )
    usd = RoyaltyDeal(licensee_country="PH")
    eur = RoyaltyDeal(licensee_country="TH")
    # The same licensor licenses a second work to the Thai licensee.
    eur.licensor, eur.seller, eur.isbn = usd.licensor, usd.seller, isbn13(990_001)
    eur.work = work_create(holder=usd.licensor, data=work_input(identifiers=[("isbn", eur.isbn)]))
    acquire_rights(eur.work, user=usd.seller)
    treaty_resident(usd.licensor, article="Treaty art. 12")
    royalty_setting_save(party=usd.licensor, statement_language="vi")
    contracts = [
        usd.royalty_contract(),
        eur.royalty_contract(currency="EUR"),
    ]
    import_rows(tmp_path, usd, contracts[0], "2027-Q1", [row(usd, units="100")])
    import_rows(tmp_path, eur, contracts[1], "2027-Q1", [row(eur, units="80", currency="EUR")])
    statements = period_close(contracts=contracts, period="2027-Q1", enqueue_ledger=False)
    statements_post_ledger_now([s.pk for s in statements])
    return usd, eur, {s.currency: s for s in statements}


def test_the_certificate_states_the_statements_figures_in_both_languages(
    period_closed, tmp_path, monkeypatch
):
    from i18n import pdf

    monkeypatch.undo()  # the real WeasyPrint for this document
    assert pdf.html_to_pdf.__module__ == "i18n.pdf"
    usd, eur, by_currency = period_closed
    s_usd, s_eur = by_currency["USD"], by_currency["EUR"]
    # 100 × 12.50 × 10 % = 125.00 USD at 15 %; 80 × 12.50 × 10 % = 100.00 EUR at 10 %.
    assert (s_usd.tax, s_eur.tax) == (D("18.75"), D("10.00"))
    # The ledger holds the same tax, withheld by each payer.
    for deal, s in ((usd, s_usd), (eur, s_eur)):
        withheld = account_for(party=deal.licensee, kind="tax_withheld", currency=s.currency)
        assert account_balance(withheld) == -s.tax

    certificate = withholding_certificate_issue(
        user=usd.seller, party=usd.licensor, period="2027-Q1"
    )
    assert re.fullmatch(r"WHT-\d{4}-\d{6}", certificate.number)
    assert certificate.language == "vi"
    text = pdf_text(certificate.pdf.read(), tmp_path)
    assert certificate.number in text
    for s, gross in ((s_usd, D("125.00")), (s_eur, D("100.00"))):
        assert s.closing_balance - s.opening_balance + s.tax == gross
        for amount in (gross, s.tax):
            assert squeeze(format_money(amount, s.currency, language="vi")) in text
        assert s.contract.reference in text
    # The basis in both languages: the residence country named in Vietnamese and Chinese.
    assert unicodedata.normalize("NFC", "TrungQuốc") in unicodedata.normalize("NFC", text)
    assert "中国" in text


def test_certificates_are_numbered_once_per_set_of_statements_and_kept_private(
    period_closed, client
):
    usd, _eur, _ = period_closed
    first = withholding_certificate_issue(user=usd.seller, party=usd.licensor, period="2027-Q1")
    again = withholding_certificate_issue(user=usd.seller, party=usd.licensor, period="2027-Q1")
    assert again.pk == first.pk  # nothing changed: no second number
    with pytest.raises(PermissionDenied):
        withholding_certificate_issue(user=make_user(), party=usd.licensor, period="2027-Q1")
    url = reverse("tax:certificate_pdf", kwargs={"pk": first.pk})
    client.force_login(usd.seller)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    client.force_login(usd.buyer)  # the payer: not the payee's member
    assert client.get(url).status_code == 404
