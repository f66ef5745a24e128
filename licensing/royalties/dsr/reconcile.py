"""Summary records reconciled against the detail records that point to them.

Each usage record names the summary record it contributes to (SummaryRecordId, Part 1
§6.4.4 and §6.6.15). A summary record states the usages of its sales context (Part 8
§5.2: ``Usages``; per-licensor summaries ``TotalUsages``; per-subscriber minima
``UsagesInReportingPeriod``); the detail records' usages (``Usages`` of SU01/SU03,
``NumberOfStreams`` of SU02) must add up to it. A difference is the named error
``dsr_summary_mismatch`` and the report posts nothing.

Not reconciled, and why: revenue — the Basic Audio usage records carry no revenue cell
to add up (only SU03 does, and its summaries allocate revenue per rights controller);
a SummaryRecordId that several summary records share (one per rights controller, as
UGC senders write them): their usages split one context's total, not several.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from licensing.royalties.dsr import profiles
from licensing.royalties.dsr.reader import DsrError, Line, where


class Summary:
    __slots__ = (
        "code",
        "currency",
        "declared",
        "detail",
        "net",
        "repeated",
        "row",
        "territory",
        "usages",
        "use_type",
    )

    def __init__(self, line: Line):
        rtype, cells = line.rtype, line.cells
        self.code = rtype.code
        self.row = where(line.file_no, line.line_no, rtype.code)
        self.repeated = False
        self.detail = 0  # usages counted in the detail records
        usages = rtype.first_index(profiles.SUMMARY_USAGES)
        self.declared = _number(cells[usages]) if usages else None
        net = rtype.index("NetRevenue")
        self.net = _number(cells[net]) if net else None
        self.territory = _cell(rtype, cells, "Territory")
        self.use_type = _cell(rtype, cells, "UseType")
        self.currency = _cell(rtype, cells, "CurrencyOfReporting") or _cell(
            rtype, cells, "Currency"
        )
        self.usages = self.declared


def _cell(rtype, cells, name: str) -> str:
    i = rtype.index(name)
    return cells[i] if i else ""


def _number(value: str) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


class Ledger:
    """The report's summary records by id, and what the detail adds up to."""

    def __init__(self):
        self.summaries: dict[str, Summary] = {}
        self.file_no = 0

    def add(self, line: Line) -> None:
        if line.file_no != 1:
            return  # later files repeat the first file's summaries (checked by the reader)
        key = line.cells[1]
        if key in self.summaries:
            self.summaries[key].repeated = True
        else:
            self.summaries[key] = Summary(line)

    def get(self, key: str, line: Line) -> Summary:
        summary = self.summaries.get(key)
        if summary is None:
            raise DsrError(
                code="dsr_unknown_summary",
                message=_("SummaryRecordId “%(id)s” names no summary record (Part 1 §6.4.4)")
                % {"id": key},
                where=where(line.file_no, line.line_no, line.rtype.code),
            )
        return summary

    def check(self) -> None:
        """Raise ``dsr_summary_mismatch`` for the first summary its detail does not match."""
        for key, summary in self.summaries.items():
            if summary.repeated or summary.declared is None:
                continue
            if summary.detail == 0 and summary.code[:4] not in profiles.DETAIL_SUMMARIES:
                continue  # minima / allocation summaries no detail record points to
            if summary.detail != summary.declared:
                raise DsrError(
                    code="dsr_summary_mismatch",
                    message=_(
                        "summary record %(id)s declares %(declared)s usages, its detail "
                        "records add up to %(counted)s"
                    )
                    % {"id": key, "declared": summary.declared, "counted": summary.detail},
                    where=summary.row,
                )
