"""What an import did, record by record: the upload's result table and the command's summary."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext

OUTCOMES = ("created", "updated", "unchanged", "refused")

Progress = Callable[[str], None]  # called with "read" or "write" once per record


@dataclass
class RecordResult:
    """What happened to one record of the file (one row of the upload's result table)."""

    reference: str  # RecordReference (or the CSV row's reference)
    title: str
    outcome: str  # one of OUTCOMES
    field: str = ""  # refused: where (schema path or Product-relative field)
    reason: str = ""  # refused: why; unchanged deletion notices: that they were ignored
    index: int | None = None  # 1-based position in the file
    isbn: str = ""
    work_id: int | None = None
    value: str | None = None  # refused: the offending value, when there is one

    @property
    def message(self) -> str:
        """One line, as the command prints it: record, field, value, reason."""
        where = gettext("record %(index)s (ref %(reference)s)") % {
            "index": self.index,
            "reference": self.reference,
        }
        what = self.field if self.value is None else f"{self.field} '{self.value}'"
        return f"{where}: {what}: {self.reason}" if what else f"{where}: {self.reason}"


@dataclass
class ImportSummary:
    products_read: int = 0
    works_created: int = 0
    works_updated: int = 0
    works_unchanged: int = 0
    works_refused: int = 0
    deletions_ignored: int = 0
    parties_created: int = 0
    identifiers_created: int = 0
    creators_added: int = 0
    contributors_skipped: int = 0  # roles with no creator equivalent (foreword, editor…)
    dry_run: bool = False
    mode: str = "all_or_nothing"
    written: bool = False  # False: dry run, or all_or_nothing with a refusal
    records: list[RecordResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def refused(self) -> list[RecordResult]:
        return [r for r in self.records if r.outcome == "refused"]
