"""Bulk rights listing: a preview that writes nothing, and an all-or-nothing create.

``bulk_preview`` parses every line and reports every error; ``bulk_listings_create``
parses again (what was previewed is re-checked, never trusted), then creates each
listing through ``listing_create`` (and ``listing_publish`` when asked), so the rules of
one listing apply to each: the holder's permission, registered works only, the listing
workflow and whatever those services check (rights held, conflicts). Each line runs in a
savepoint so every refusal is collected; any refusal rolls the whole batch back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser
from marketplace.listings.bulk.lines import PreviewLine, WorkIndex, parse_row
from marketplace.listings.bulk.sheet import BulkError, RawRow
from marketplace.listings.models import Listing
from marketplace.listings.services import listing_create, listing_publish


@dataclass
class Preview:
    lines: list[PreviewLine]
    errors: list[BulkError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.lines) and not self.errors


class BulkRefused(ValidationError):
    """Nothing was written; ``preview`` holds every line and every error."""

    def __init__(self, preview: Preview):
        super().__init__(
            _("Nothing was written. Errors: %(count)s.") % {"count": len(preview.errors)}
        )
        self.preview = preview


def _signature(line: PreviewLine) -> tuple:
    data = line.data
    return (
        line.work.pk,
        tuple(sorted(data.right_types)),
        tuple(data.territories),
        tuple(sorted(data.excluded_territories)),
        tuple(data.languages),
        data.available_from,
        data.available_until,
    )


def bulk_preview(
    *,
    user: AnyUser,
    rows: list[RawRow],
    currency: str,
    publish: bool = False,
    sheet_errors: list[BulkError] | None = None,
) -> Preview:
    """Every parsed cell and every error; reads only."""
    index = WorkIndex(user=user)
    lines = [parse_row(row, index=index, currency=currency, publish=publish) for row in rows]
    errors = list(sheet_errors or [])
    seen: dict[tuple, int] = {}
    for line in lines:
        errors += line.errors
        if line.data is None:
            continue
        first = seen.setdefault(_signature(line), line.line)
        if first != line.line:
            reason = _("repeats line %(line)s") % {"line": first}
            line.cells["work"].errors.append(reason)
            errors.append(BulkError(line.line, "work", line.cells["work"].raw, reason))
    if not rows and not errors:
        errors.append(BulkError(0, "", "", _("no rights lines were given")))
    return Preview(lines, sorted(errors, key=lambda e: e.line))


@transaction.atomic
def bulk_listings_create(
    *, user: AnyUser, rows: list[RawRow], currency: str, publish: bool = False
) -> list[Listing]:
    """All the listings of ``rows`` or none (BulkRefused with every error)."""
    preview = bulk_preview(user=user, rows=rows, currency=currency, publish=publish)
    if not preview.ok:
        raise BulkRefused(preview)
    created: list[Listing] = []
    errors: list[BulkError] = []
    for line in preview.lines:
        try:
            with transaction.atomic():
                listing = listing_create(work=line.work, user=user, data=line.data)
                if publish:
                    listing = listing_publish(listing=listing, user=user)
        except ValidationError as exc:
            by_field = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            for column, messages in by_field.items():
                for message in messages:
                    errors.append(BulkError(line.line, column, line.cells["work"].raw, message))
        except PermissionDenied as exc:
            errors.append(BulkError(line.line, "work", line.cells["work"].raw, str(exc)))
        else:
            created.append(listing)
    if errors:
        raise BulkRefused(Preview(preview.lines, errors))
    return created
