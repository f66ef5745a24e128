"""The contract PDF is bilingual: every heading and clause in Chinese and the second language."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.utils import translation

from licensing.contracts.documents import contract_context, render_contract_pdf
from tests.factories.contracts import Deal

# slow: real WeasyPrint documents in two scripts, read back with pdftotext.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "contract.pdf"
    path.write_bytes(data)
    exe = shutil.which("pdftotext")
    assert exe, "pdftotext (poppler-utils) is needed to read the PDF back"
    return subprocess.run(
        [exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_pdf_has_the_chinese_and_the_english_version(tmp_path):
    deal = Deal(licensee_language="de")  # unsupported → English
    contract = deal.draft(
        flat_fee="5000",
        advance="2000",
        royalty_rates=[
            {
                "channel": "retail",
                "basis": "list_price",
                "rate": "8",
                "escalators": [{"above_units": 5000, "rate": "10"}],
            }
        ],
    )
    text = pdf_text(render_contract_pdf(contract), tmp_path)
    with translation.override("zh-hans"):
        context = contract_context(contract)
    zh, en = context["versions"]
    assert zh["lang"] == "zh-hans" and en["lang"] == "en"
    assert "Copyright Licence Contract" in text
    # The Chinese heading as gettext gives it (English until the zh-hans catalog has it).
    assert zh["heading"].replace(" ", "") in text.replace(" ", "")
    assert contract.reference in text
    assert "Vietnam" in text  # the territory spelled out by CLDR
    assert "$5,000.00" in text and "10%" in text  # Babel money, the escalated rate
    assert "越南" in text.replace(" ", "")  # the Chinese version names the country in Chinese


def test_pdf_second_language_is_the_licensees(tmp_path):
    deal = Deal(licensee_language="vi")
    contract = deal.draft()
    text = pdf_text(render_contract_pdf(contract), tmp_path)
    with translation.override("vi"):
        from django.utils.translation import gettext as _

        heading = _("Copyright Licence Contract")
    assert heading in text


def test_signed_copy_shows_signatures_and_the_frozen_hash(tmp_path):
    deal = Deal()
    contract = deal.sent()
    deal.sign_licensor(contract)
    text = pdf_text(render_contract_pdf(contract, signed_copy=True), tmp_path)
    flat = text.replace("\n", "").replace(" ", "")
    assert contract.document_sha256 in flat
    assert "UTC" in text and deal.seller.get_username() in text
