"""Statement exports: PDF in the payee's language and currency, CSV and XLSX."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from catalog.kernel.csvsafe import SafeCsvWriter, xlsx_row
from catalog.kernel.money import round_money
from i18n.formatting import format_date, format_money, format_number
from i18n.pdf import render_pdf
from licensing.royalties.models import LineKind, Statement
from licensing.royalties.vocabulary import channel_label, format_label

COLUMNS = (
    "position",
    "kind",
    "work",
    "channel",
    "territory",
    "format",
    "units",
    "basis_amount",
    "rate",
    "amount",
    "currency",
    "amount_stmt",
    "statement_currency",
    "description",
    # Adjustments: the period restated and the late or corrected report it came from.
    "restates_period",
    "source_report",
)


def _rows(statement: Statement):
    for line in statement.lines.select_related("work").order_by("position"):
        yield [
            line.position,
            line.kind,
            line.work.original_title if line.work else "",
            line.channel,
            line.territory,
            line.format,
            line.units,
            line.basis_amount,
            line.rate,
            line.amount,
            statement.currency,
            line.amount_stmt,
            statement.statement_currency,
            line.description,
            line.restates_period,
            line.source_report_id or "",
        ]


def adjustment_source(line) -> str:
    """ "Restates 2027-Q3 · report 12" for an adjustment line, in the active language."""
    if not line.restates_period:
        return ""
    if line.source_report_id:
        return _("Restates %(period)s · report %(report)s") % {
            "period": line.restates_period,
            "report": line.source_report_id,
        }
    return _("Restates %(period)s") % {"period": line.restates_period}


def _summary(statement: Statement) -> list[tuple[str, object]]:
    return [
        ("contract", statement.contract.reference),
        ("payee", statement.payee.original_name),
        ("period", statement.period),
        ("currency", statement.currency),
        ("opening_balance", statement.opening_balance),
        ("earnings", statement.earnings),
        ("adjustments", statement.adjustments),
        ("reserve_held", statement.reserve_held),
        ("reserve_released", statement.reserve_released),
        ("recouped", statement.recouped),
        ("mg_topup", statement.mg_topup),
        ("tax", statement.tax),
        # Which rate and why: treaty (with the article claimed), domestic or resident.
        ("tax_basis", statement.tax_basis),
        ("tax_residence", statement.tax_residence),
        ("tax_article", statement.tax_article),
        ("closing_balance", statement.closing_balance),
        ("amount_payable", statement.amount_payable),
        ("statement_currency", statement.statement_currency),
        ("fx_rate", statement.fx_rate),
        ("fx_source", statement.fx_source),
        ("fx_as_of", statement.fx_as_of.isoformat()),
        ("amount_payable_stmt", statement.amount_payable_stmt),
    ]


def statement_csv(statement: Statement) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)  # titles and descriptions are user text
    for key, value in _summary(statement):
        writer.writerow([key, value])
    writer.writerow([])
    writer.writerow(COLUMNS)
    writer.writerows(_rows(statement))
    return buffer.getvalue()


def statement_xlsx(statement: Statement) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("summary")
    for key, value in _summary(statement):
        summary.append(xlsx_row(summary, [key, value]))
    lines = workbook.create_sheet("lines")
    lines.append(list(COLUMNS))
    for row in _rows(statement):
        lines.append(xlsx_row(lines, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def statement_pdf(statement: Statement) -> bytes:
    """The statement in the payee's language, amounts in the statement currency."""
    language = statement.language
    cur = statement.statement_currency
    with translation.override(language):
        lines = [
            {
                "label": line.get_kind_display(),
                "work": line.work.original_title if line.work else "",
                "detail": " · ".join(
                    filter(
                        None,
                        [channel_label(line.channel), line.territory, format_label(line.format)],
                    )
                ),
                "units": format_number(line.units, language=language) if line.units else "",
                "rate": line.rate,
                "amount": format_money(line.amount_stmt, cur, language=language),
                "description": line.description,
                "source": statement.tax_basis_text
                if line.kind == LineKind.TAX
                else adjustment_source(line),
            }
            for line in statement.lines.select_related("work").order_by("position")
        ]
        rate = statement.fx_rate
        totals = [
            (_("Opening balance"), statement.opening_balance),
            (_("Closing balance"), statement.closing_balance),
            (_("Amount payable"), statement.amount_payable),
        ]
        context = {
            "s": statement,
            "lines": lines,
            "totals": [
                (
                    label,
                    format_money(
                        round_money(v * rate, cur) if cur != statement.currency else v,
                        cur,
                        language=language,
                    ),
                )
                for label, v in totals
            ],
            "payable": format_money(statement.amount_payable_stmt, cur, language=language),
            "period": f"{format_date(statement.period_start, language=language)} – "
            f"{format_date(statement.period_end, language=language)}",
            "fx_as_of": format_date(statement.fx_as_of, language=language),
        }
    return render_pdf("royalties/statement_pdf.html", context, language=language)
