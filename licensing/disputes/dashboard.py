"""Dashboard pieces: charts (i18n.charts), and the table as CSV / XLSX."""

from __future__ import annotations

import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from catalog.kernel.csvsafe import SafeCsvWriter, xlsx_row
from catalog.kernel.downloads import private_file_response
from i18n.charts import figure, number_formatter, to_svg
from licensing.disputes.models import CaseType
from licensing.disputes.stats import REPORT_CURRENCY, DisputeStats, StatsRow, dispute_stats


def compute(cleaned: dict) -> DisputeStats:
    return dispute_stats(start=cleaned["start"], end=cleaned["end"], period=cleaned["period"])


def type_label(code: str) -> str:
    return str(CaseType(code).label) if code else _("All types")


def charts(stats: DisputeStats) -> dict[str, str]:
    rows = stats.by_period()
    if not rows:
        return {}
    labels = [r.period for r in rows]
    x = range(len(rows))
    out = {}

    fig, ax = figure()
    width = 0.4
    ax.bar([i - width / 2 for i in x], [r.accepted for r in rows], width, label=_("Accepted"))
    ax.bar([i + width / 2 for i in x], [r.closed for r in rows], width, label=_("Closed"))
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(number_formatter())
    ax.legend()
    out["volume"] = to_svg(fig, title=_("Cases accepted and closed per period"))

    fig, ax = figure()
    bottom = [0] * len(rows)
    for name, values in (
        (_("Settled"), [r.settled for r in rows]),
        (_("Failed — referred to court"), [r.failed for r in rows]),
        (_("Withdrawn"), [r.withdrawn for r in rows]),
    ):
        ax.bar(list(x), values, 0.6, bottom=bottom, label=name)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(number_formatter())
    ax.legend()
    out["outcomes"] = to_svg(fig, title=_("Outcomes of closed cases per period"))

    converted = all(r.claimed_cny is not None and r.settled_cny is not None for r in rows)

    def claimed(r: StatsRow) -> Decimal:
        return r.claimed_cny if converted else r.claimed.get(REPORT_CURRENCY, Decimal(0))

    def settled(r: StatsRow) -> Decimal:
        return r.settled_cny if converted else r.settled_amount.get(REPORT_CURRENCY, Decimal(0))

    # Without FX rates only the CNY amounts are comparable: chart those, say so in the title.
    fig, ax = figure()
    label = {"cur": REPORT_CURRENCY}
    ax.bar(
        [i - width / 2 for i in x],
        [float(claimed(r)) for r in rows],
        width,
        label=_("Claimed (%(cur)s)") % label,
    )
    ax.bar(
        [i + width / 2 for i in x],
        [float(settled(r)) for r in rows],
        width,
        label=_("Settled (%(cur)s)") % label,
    )
    ax.set_xticks(list(x), labels, rotation=45, ha="right")
    ax.yaxis.set_major_formatter(number_formatter())
    ax.legend()
    title = (
        _("Amount claimed and settled, converted to %(cur)s")
        if converted
        else _("Amount claimed and settled in %(cur)s (other currencies in the table)")
    ) % label
    out["amounts"] = to_svg(fig, title=title)
    return out


HEADERS = (
    "period",
    "case_type",
    "accepted",
    "closed",
    "settled",
    "failed",
    "withdrawn",
    "settlement_rate",
    "claimed",
    "settled_amount",
    "claimed_cny",
    "settled_cny",
    "median_days_to_close",
    "overdue",
    "batch_share",
)


def table(stats: DisputeStats) -> list[list[object]]:
    def cell(value: object) -> object:
        if isinstance(value, dict):
            return "; ".join(f"{cur} {amount}" for cur, amount in value.items())
        return "" if value is None else value

    return [[cell(row.as_dict()[h]) for h in HEADERS] for row in [*stats.rows, *stats.totals]]


def csv_response(stats: DisputeStats) -> HttpResponse:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(HEADERS)
    writer.writerows(table(stats))
    return private_file_response(buffer.getvalue().encode("utf-8"), filename="dispute-stats.csv")


def xlsx_response(stats: DisputeStats) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = "disputes"
    sheet.append(list(HEADERS))
    for row in table(stats):
        sheet.append(xlsx_row(sheet, [str(v) if not isinstance(v, int | str) else v for v in row]))
    buffer = io.BytesIO()
    book.save(buffer)
    return private_file_response(buffer.getvalue(), filename="dispute-stats.xlsx")


def row_label(row: StatsRow) -> str:
    return _("Total") if row.period == "total" else row.period


def display_rows(stats: DisputeStats) -> list[dict[str, object]]:
    return [
        {
            "label": row_label(row),
            "type_label": type_label(row.case_type),
            "case_type": row.case_type,
            "row": row,
            "claimed": sorted(row.claimed.items()),
            "settled": sorted(row.settled_amount.items()),
        }
        for row in [*stats.rows, *stats.totals]
    ]
