"""Withholding certificates: per payee and period, the tax its payers withheld, as a PDF in
the payee's language and Chinese.

Figures come from the period's closed statements, never recomputed: per statement the
royalties the rate applied to (the statement's net before tax, at least zero), the rate,
its basis (treaty article or domestic rate, as the close recorded it) and the tax; then
totals per currency. The number is gapless per year of issue. Asking again for a period
whose statements have not changed returns the certificate already issued; a period that
gained a statement since (another contract closed later) gets a new version and number.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser
from catalog.models import Party
from catalog.registration.certificates import bilingual_labels
from finance.tax.models import CertificateNumberSequence, WithholdingCertificate
from finance.tax.selectors import may_see_party_tax
from i18n.formatting import format_date, format_money, format_number
from i18n.pdf import render_pdf
from licensing.royalties.selectors import payee_period_statements

CHINESE = "zh-hans"
ZERO = Decimal(0)
NUMBER_PREFIX = "WHT"

LABELS = {
    "heading": gettext_lazy("Certificate of Tax Withheld on Royalties"),
    "number": gettext_lazy("Certificate number"),
    "payee": gettext_lazy("Payee"),
    "period": gettext_lazy("Period"),
    "contract": gettext_lazy("Contract"),
    "payer": gettext_lazy("Payer"),
    "gross": gettext_lazy("Gross royalties"),
    "rate": gettext_lazy("Rate"),
    "basis": gettext_lazy("Basis"),
    "tax": gettext_lazy("Tax withheld"),
    "total": gettext_lazy("Total"),
    "issued": gettext_lazy("Date of issue"),
    "version": gettext_lazy("Version"),
    "note": gettext_lazy(
        "Figures from the closed royalty statements of the period; amounts in each "
        "contract's currency."
    ),
}


@dataclass
class Row:
    """One statement's withholding."""

    contract: str
    payer: str
    currency: str
    gross: Decimal
    rate: Decimal
    tax: Decimal
    basis: list[str]  # the basis in each document language


@dataclass
class Totals:
    currency: str
    gross: Decimal = ZERO
    tax: Decimal = ZERO
    rows: list[Row] = field(default_factory=list)


def taxable(statement) -> Decimal:
    """What the close applied the rate to: the net before tax, at least zero (closing =
    opening + net − tax)."""
    return max(statement.closing_balance - statement.opening_balance + statement.tax, ZERO)


def certificate_figures(statements, languages: list[str]) -> list[Totals]:
    """Rows and totals per currency, in currency order."""
    by_currency: dict[str, Totals] = {}
    for s in statements:
        basis = []
        for code in languages:
            with translation.override(code):
                basis.append(s.tax_basis_text or s.tax_source)
        totals = by_currency.setdefault(s.currency, Totals(s.currency))
        row = Row(
            contract=s.contract.reference,
            payer=s.contract.licensee.original_name,
            currency=s.currency,
            gross=taxable(s),
            rate=s.tax_rate,
            tax=s.tax,
            basis=basis,
        )
        totals.rows.append(row)
        totals.gross += row.gross
        totals.tax += row.tax
    return [by_currency[c] for c in sorted(by_currency)]


def certificate_language(statements) -> str:
    """The payee's statement language (its royalty setting, copied onto each statement)."""
    languages = [s.language for s in statements if s.language]
    return languages[-1] if languages else settings.LANGUAGE_CODE


def _render(party: Party, period: str, number: str, version: int, statements, language: str):
    languages = [language] if language == CHINESE else [language, CHINESE]
    figures = certificate_figures(statements, languages)
    with translation.override(language):
        money = defaultdict(dict)
        for totals in figures:
            money[totals.currency]["gross"] = format_money(totals.gross, totals.currency)
            money[totals.currency]["tax"] = format_money(totals.tax, totals.currency)
        rows = [
            {
                "row": row,
                "gross": format_money(row.gross, row.currency),
                "tax": format_money(row.tax, row.currency),
                "rate": f"{format_number(row.rate.normalize())} %",
            }
            for totals in figures
            for row in totals.rows
        ]
        issued = format_date(timezone.now(), fmt="long")
    context = {
        "labels": bilingual_labels(languages, labels=LABELS),
        "languages": languages,
        "party": party,
        "period": period,
        "number": number,
        "version": version,
        "rows": rows,
        "totals": [(t.currency, money[t.currency]) for t in figures],
        "issued": issued,
    }
    return render_pdf("tax/certificate_pdf.html", context, language=language)


@transaction.atomic
def withholding_certificate_issue(
    *, user: AnyUser, party: Party, period: str
) -> WithholdingCertificate:
    """The certificate of ``party``'s withholding in ``period`` (issued once per set of
    statements); for the party's members and staff."""
    if not may_see_party_tax(user, party.pk):
        raise PermissionDenied(_("You may not do this."))
    # One issuer at a time per party: two clicks must not spend two numbers.
    Party.objects.select_for_update().filter(pk=party.pk).first()
    statements = list(payee_period_statements(payee_id=party.pk, period=period))
    if not statements:
        raise ValidationError(
            {"period": [_("No closed royalty statement for %(period)s.") % {"period": period}]}
        )
    ids = sorted(s.pk for s in statements)
    latest = WithholdingCertificate.objects.filter(party=party, period=period).first()
    if latest is not None and latest.statement_ids == ids:
        return latest
    year = timezone.now().year
    number = f"{NUMBER_PREFIX}-{year}-{next_value(CertificateNumberSequence, year):06d}"
    version = (latest.version if latest else 0) + 1
    language = certificate_language(statements)
    pdf = _render(party, period, number, version, statements, language)
    certificate = WithholdingCertificate(
        number=number,
        party=party,
        period=period,
        version=version,
        language=language,
        statement_ids=ids,
        sha256=hashlib.sha256(pdf).hexdigest(),
        issued_by=user,
    )
    certificate.pdf.save(f"{number}.pdf", ContentFile(pdf), save=False)
    certificate.save()
    return certificate
