"""Invoice and receipt PDFs in the buyer's language and currency, in every script the
buyers write (real WeasyPrint with the vendored fonts, read back with pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections import Counter
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import Membership
from catalog.services import party_add_member
from finance.invoices.documents import invoice_receipt_pdf
from finance.invoices.selectors import invoice_pdf
from finance.invoices.services import invoice_record_payment
from finance.models import FxRate, Invoice
from i18n.formatting import format_date, format_money
from tests.factories.catalog import make_party, make_user
from tests.finance.conftest import make_invoice

# slow: real PDFs with CJK and Southeast Asian fonts.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def _poppler(*args: str) -> str:
    exe = shutil.which(args[0])
    assert exe, f"{args[0]} (poppler-utils) is needed to read the PDF back"
    return subprocess.run([exe, *args[1:]], capture_output=True, check=True, text=True).stdout


def read_pdf(data: bytes, tmp_path, name: str) -> tuple[str, str]:
    """(text without any whitespace, the embedded font list)."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    text = _poppler("pdftotext", "-enc", "UTF-8", str(path), "-")
    return re.sub(r"\s", "", text), _poppler("pdffonts", str(path))


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def letters(text: str) -> str:
    """Base letters only: pdftotext splits a syllable's vowel signs and tone marks off (and
    NFKC spells Lao ຳ as two code points), so those are compared without their marks."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not c.isspace() and unicodedata.category(c)[0] != "M")


def appears(word: str, text: str, *, ordered: bool) -> bool:
    """``word`` in the extracted ``text``. Khmer and Myanmar draw some vowels before the
    consonant they follow, and pdftotext returns glyphs in drawing order: there, each base
    letter must be present as often as in ``word`` (order is not recoverable)."""
    if ordered:
        return letters(word) in letters(text)
    return not Counter(letters(word)) - Counter(letters(text))


def paid(invoice: Invoice, *, method: str = "card") -> Invoice:
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        invoice_record_payment(
            invoice=locked,
            payment_intent_id=f"pi_doc_{invoice.pk}",
            charge_id=f"ch_doc_{invoice.pk}",
            amount=locked.amount_due,
            method=method,
        )
    return Invoice.objects.select_related("payer", "payee").get(pk=invoice.pk)


@pytest.mark.parametrize(
    ("language", "country", "currency", "buyer", "font", "ordered"),
    [
        ("th", "TH", "THB", "สำนักพิมพ์กรุงเทพ", "Noto-Sans-Thai", True),
        ("my", "MM", "USD", "မြန်မာစာအုပ်တိုက်", "Noto-Sans-Myanmar", False),
        ("km", "KH", "USD", "គ្រឹះស្ថានបោះពុម្ពខ្មែរ", "Noto-Sans-Khmer", False),
        ("lo", "LA", "USD", "ສຳນັກພິມລາວ", "Noto-Sans-Lao", True),
        ("zh-hans", "CN", "CNY", "北京出版社", "Noto-Sans-SC", True),
    ],
)
def test_invoice_and_receipt_in_the_buyers_language_script_and_currency(
    tmp_path, language, country, currency, buyer, font, ordered
):
    payer = make_party(name=buyer, country=country)
    invoice = make_invoice(
        payer=payer, currency=currency, amounts=("1234.00",), tax_rate="7", language=language
    )
    with translation.override(language):
        invoice_word, receipt_word, method = _("Invoice"), _("Receipt"), _("Card")
    due = flat(format_money(invoice.amount_due, currency, language=language))

    text, fonts = read_pdf(invoice_pdf(invoice=invoice), tmp_path, "invoice")
    assert appears(invoice_word, text, ordered=ordered) and invoice.number in text
    assert appears(buyer, text, ordered=ordered) and due in text
    assert font in fonts  # the script's vendored Noto face is embedded

    text, fonts = read_pdf(invoice_receipt_pdf(invoice=paid(invoice)), tmp_path, "receipt")
    assert appears(receipt_word, text, ordered=ordered) and due in text
    assert appears(method, text, ordered=ordered)
    today = format_date(timezone.localdate(), language=language)
    assert appears(today, text, ordered=ordered)  # the payment date, as the buyer writes it
    assert appears(buyer, text, ordered=ordered) and font in fonts


def test_receipt_shows_the_buyers_currency_at_the_recorded_rate(tmp_path):
    """A Vietnamese buyer paid a USD invoice: the receipt adds the amount in VND at the
    rate recorded for the payment day, naming the rate and its source."""
    payer = make_party(name="Nhà xuất bản Trẻ", country="VN")
    invoice = make_invoice(payer=payer, currency="USD", amounts=("100.00",), language="vi")
    FxRate.objects.create(
        base="USD", quote="VND", as_of=timezone.localdate(), rate=Decimal("25400"), source="SBV"
    )
    text, _fonts = read_pdf(
        invoice_receipt_pdf(invoice=paid(invoice, method="alipay")), tmp_path, "receipt"
    )
    assert flat(format_money(Decimal("2540000"), "VND", language="vi")) in text
    assert "SBV" in text and "Alipay" in text
    assert flat(format_money(Decimal("100"), "USD", language="vi")) in text


def test_receipt_is_for_paid_invoices_and_those_who_see_them(client):
    invoice = make_invoice(amounts=("100.00",))
    buyer = make_user()
    party_add_member(party=invoice.payer, user=buyer, role=Membership.Role.OWNER)
    client.force_login(buyer)
    assert client.get(f"/en/finance/invoices/{invoice.pk}/receipt/").status_code == 404
    paid(invoice)
    response = client.get(f"/en/finance/invoices/{invoice.pk}/receipt/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(make_user())
    assert client.get(f"/en/finance/invoices/{invoice.pk}/receipt/").status_code == 404
