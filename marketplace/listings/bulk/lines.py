"""One raw row → its parsed cells and a ListingInput, or the errors that stop it.

Every cell is shown in the preview as read (``raw``) and as understood (``shown``), and
every error carries its line, column, token and reason. Works are looked up among those
the user may list for (members of the holder; the platform's superuser for any holder),
by platform id ("#12"), ISBN (any form python-stdnum validates) or exact title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from stdnum import isbn

from catalog.kernel.guards import refusals
from catalog.kernel.permissions import AnyUser, acting_party_ids, is_superuser
from catalog.language_strings import LanguageStringError, parse_languages
from catalog.models import Work, WorkIdentifier
from catalog.territory_strings import TerritoryStringError, parse_territories
from catalog.vocabulary import IdentifierScheme, RightType
from marketplace.listings.bulk.categories import right_type_for
from marketplace.listings.bulk.sheet import BulkError, RawRow
from marketplace.listings.models import Exclusivity
from marketplace.listings.services import ListingInput, validate_listing_input

_EXCLUSIVITY = {
    "exclusive": Exclusivity.EXCLUSIVE,
    "excl": Exclusivity.EXCLUSIVE,
    "excl.": Exclusivity.EXCLUSIVE,
    "x": Exclusivity.EXCLUSIVE,
    "non-exclusive": Exclusivity.NON_EXCLUSIVE,
    "nonexclusive": Exclusivity.NON_EXCLUSIVE,
    "non exclusive": Exclusivity.NON_EXCLUSIVE,
    "non-excl": Exclusivity.NON_EXCLUSIVE,
    "non-excl.": Exclusivity.NON_EXCLUSIVE,
    "ne": Exclusivity.NON_EXCLUSIVE,
    "either": Exclusivity.EITHER,
    "": Exclusivity.EITHER,
}
_RANGE = re.compile(r"^\s*(\S+)\s*(?:\.\.|–|—|/|\bto\b)\s*(\S+)\s*$", re.IGNORECASE)
_TERM = re.compile(r"^\s*(\d+)\s*(years?|y|months?|m)\s*$", re.IGNORECASE)
_MONEY = ("advance", "flat_fee", "minimum_guarantee")
# The listing service names its fields; the preview names the sheet's columns.
_COLUMN_OF_FIELD = {
    "right_types": "rights",
    "rights_in": "rights",
    "excluded_territories": "territories",
    "available_until": "period",
    "term_months": "period",
}


@dataclass
class Cell:
    column: str
    raw: str
    shown: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class PreviewLine:
    line: int
    cells: dict[str, Cell]
    work: Work | None = None
    data: ListingInput | None = None
    errors: list[BulkError] = field(default_factory=list)


class WorkIndex:
    """The works a user may list, found by id, ISBN or title with three queries in all."""

    def __init__(self, *, user: AnyUser):
        works = Work.objects.select_related("holder")
        if not is_superuser(user):
            works = works.filter(holder_id__in=acting_party_ids(user))
        self.by_id = {work.pk: work for work in works}
        self.by_isbn = dict(
            WorkIdentifier.objects.filter(
                scheme=IdentifierScheme.ISBN, work_id__in=self.by_id
            ).values_list("value", "work_id")
        )
        self.by_title: dict[str, set[int]] = {}
        for work in self.by_id.values():
            for title in {work.original_title, work.title}:
                if title:
                    self.by_title.setdefault(title.strip().casefold(), set()).add(work.pk)
        self.registered = set(
            Work.objects.filter(pk__in=self.by_id, applications__status="registered").values_list(
                "pk", flat=True
            )
        )

    def find(self, token: str) -> Work:
        text = token.strip()
        if not text:
            raise ValueError(gettext("name the work: platform id (#12), ISBN or title"))
        number = re.fullmatch(r"(?:#|id:\s*)?(\d{1,9})", text, re.IGNORECASE)
        if number and int(number.group(1)) in self.by_id:
            return self.by_id[int(number.group(1))]
        if isbn.is_valid(text):
            work_id = self.by_isbn.get(isbn.to_isbn13(isbn.compact(text)))
            if work_id:
                return self.by_id[work_id]
        matches = self.by_title.get(text.casefold(), set())
        if len(matches) == 1:
            return self.by_id[next(iter(matches))]
        if len(matches) > 1:
            raise ValueError(
                gettext("“%(token)s” is the title of %(count)s works: use the ISBN or #id")
                % {"token": text, "count": len(matches)}
            )
        raise ValueError(
            gettext("“%(token)s” is no work you may list (platform id, ISBN or title)")
            % {"token": text}
        )

    @staticmethod
    def key(work: Work) -> str:
        return f"#{work.pk}"


def _period(text: str) -> tuple[dt.date | None, dt.date | None, int | None]:
    """(from, until, months) of "2027-01-01..2031-12-31", "2027..2031" or "5 years"."""
    if not text.strip():
        return None, None, None
    if term := _TERM.match(text):
        count = int(term.group(1))
        months = count * 12 if term.group(2).lower().startswith("y") else count
        if months < 1:
            raise ValueError(gettext("“%(token)s” is no term") % {"token": text.strip()})
        return None, None, months
    found = _RANGE.match(text)
    if not found:
        raise ValueError(
            gettext("“%(token)s” is not a period: write 2027-01-01..2031-12-31 or 5 years")
            % {"token": text.strip()}
        )
    ends = []
    for index, part in enumerate(found.groups()):
        try:
            if re.fullmatch(r"\d{4}", part):
                year = int(part)
                ends.append(dt.date(year, 1, 1) if index == 0 else dt.date(year, 12, 31))
            else:
                ends.append(dt.date.fromisoformat(part))
        except ValueError:
            raise ValueError(
                gettext("“%(token)s” is not a date (YYYY-MM-DD)") % {"token": part}
            ) from None
    start, end = ends
    if end < start:
        raise ValueError(gettext("“%(token)s” ends before it starts") % {"token": text.strip()})
    after = end + dt.timedelta(days=1)
    months = (after.year - start.year) * 12 + after.month - start.month
    months += 1 if after.day > start.day else 0
    return start, end, max(months, 1)


def _amount(text: str) -> Decimal | None:
    if not text.strip():
        return None
    try:
        value = Decimal(text.strip().replace(",", ""))
    except InvalidOperation:
        raise ValueError(gettext("“%(token)s” is not a number") % {"token": text}) from None
    if not value.is_finite() or value < 0:
        raise ValueError(gettext("“%(token)s” is not an amount") % {"token": text})
    return value


def parse_row(row: RawRow, *, index: WorkIndex, currency: str, publish: bool) -> PreviewLine:
    """``publish``: the listings go live at once, so the publishing guards (seizure,
    pledge, dispute) are asked now, as listing_publish will."""
    cells = {name: Cell(name, value) for name, value in row.cells.items()}
    line = PreviewLine(row.line, cells)

    def refuse(column: str, token: str, reason: str) -> None:
        cells.setdefault(column, Cell(column, "")).errors.append(reason)
        line.errors.append(BulkError(row.line, column, token, reason))

    work_cell = cells["work"]
    try:
        line.work = index.find(work_cell.raw)
    except ValueError as exc:
        refuse("work", work_cell.raw, str(exc))
    else:
        work_cell.shown = f"{line.work.original_title} ({index.key(line.work)})"
        if line.work.pk not in index.registered:
            refuse("work", work_cell.raw, gettext("only registered works can be listed"))
        if publish:
            for reason in refusals(line.work, "list", party=line.work.holder):
                refuse("work", work_cell.raw, str(reason))

    rights = []
    for token in re.split(r"[,+]|\s&\s", cells["rights"].raw):
        if not token.strip() and cells["rights"].raw.strip():
            continue
        try:
            right = right_type_for(token, work_type=line.work.work_type if line.work else None)
        except ValueError as exc:
            refuse("rights", token.strip(), str(exc))
        else:
            rights.append(right)
    cells["rights"].shown = ", ".join(str(RightType(r).label) for r in dict.fromkeys(rights))

    territories = None
    try:
        territories = parse_territories(cells["territories"].raw)
        cells["territories"].shown = str(territories)
    except TerritoryStringError as exc:
        for error in exc.errors:
            refuse("territories", error.token, error.message)

    languages = None
    try:
        languages = parse_languages(cells["languages"].raw)
        cells["languages"].shown = (
            f"{languages.written} ({len(languages.languages)})"
            if len(languages.languages) > 12
            else ", ".join(languages.languages)
        )
    except LanguageStringError as exc:
        for error in exc.errors:
            refuse("languages", error.token, error.message)

    exclusivity = _EXCLUSIVITY.get(cells["exclusivity"].raw.strip().casefold())
    if exclusivity is None:
        token = cells["exclusivity"].raw.strip()
        refuse(
            "exclusivity",
            token,
            gettext("“%(token)s” is not exclusive, non-exclusive or either") % {"token": token},
        )
    else:
        cells["exclusivity"].shown = str(Exclusivity(exclusivity).label)

    start = end = months = None
    try:
        start, end, months = _period(cells["period"].raw)
        cells["period"].shown = (
            f"{start.isoformat()} – {end.isoformat()}" if start else cells["period"].raw.strip()
        )
    except ValueError as exc:
        refuse("period", cells["period"].raw.strip(), str(exc))

    money: dict[str, Decimal | None] = {}
    for name in (*_MONEY, "royalty_rate"):
        try:
            money[name] = _amount(cells[name].raw) if name in cells else None
        except ValueError as exc:
            refuse(name, cells[name].raw.strip(), str(exc))
    chosen_currency = (cells["currency"].raw.strip() if "currency" in cells else "") or currency
    if chosen_currency.upper() not in settings.SUPPORTED_CURRENCIES:
        refuse(
            "currency",
            chosen_currency,
            gettext("“%(token)s” is not a supported currency") % {"token": chosen_currency},
        )

    if line.errors or line.work is None:
        return line
    data = ListingInput(
        right_types=rights,
        territories=list(territories.include),
        excluded_territories=list(territories.exclude),
        languages=list(languages.languages),
        currency=chosen_currency.upper(),
        exclusivity=exclusivity,
        term_months=months or 60,
        available_from=start,
        available_until=end,
        advance=money["advance"],
        royalty_rate=money["royalty_rate"],
        minimum_guarantee=money["minimum_guarantee"],
        flat_fee=money["flat_fee"],
        headlines=(
            {line.work.original_language: cells["headline"].raw.strip()}
            if cells.get("headline") and cells["headline"].raw.strip()
            else {}
        ),
    )
    try:
        line.data = validate_listing_input(data, work=line.work)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            column = _COLUMN_OF_FIELD.get(field_name, field_name)
            for message in messages:
                refuse(column, cells.get(column, Cell(column, "")).raw, message)
        line.data = None
    return line
