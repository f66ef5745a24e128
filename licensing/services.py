"""Writes of licensing: grants now; contracts, usage and royalties as they land."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel import events
from catalog.models import Party, Work
from catalog.services import validate_language
from catalog.territories import expand, validate_territory
from licensing.availability import (
    check_availability,
    describe_conflicts,
    validate_right,
    validate_window,
)
from licensing.events import GrantsChanged
from licensing.models import Grant, GrantCell

# Advisory-lock namespace for "grants or rights in of work N are being changed".
_GRANT_LOCK_NAMESPACE = 6_001


def lock_work_grants(*, work_id: int) -> None:
    """Serialise writers of one work's grants and rights in (contract activation, rights-in
    removal): each checks against the other's rows, so two at once could both pass."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_GRANT_LOCK_NAMESPACE, work_id])


class GrantConflict(ValidationError):
    """The database (or the availability check) refused a grant: outside the rights held
    (No Rights In, No Exclusive In) or over an existing grant (Overlap)."""


@transaction.atomic
def grant_write(
    *,
    work: Work,
    licensee: Party,
    right_type: str,
    territories: list[str],
    languages: list[str],
    start: dt.date,
    end: dt.date,
    exclusive: bool,
    excluded_territories: list[str] | None = None,
    media: list[str] | None = None,
    source: str = Grant.Source.CONTRACT,
    source_ref: str = "",
) -> Grant:
    """Write a grant and its cells; an overlap the rules forbid is refused whole."""
    window = validate_window(start, end)
    validate_right(right_type)
    territories = [validate_territory(t) for t in territories]
    excluded = [validate_territory(t, field="excluded") for t in excluded_territories or []]
    languages = sorted({validate_language(code, field="languages") for code in languages})
    countries = expand(territories, excluded)
    if not countries or not languages:
        raise ValidationError(
            {"territories": _("A grant needs at least one country and one language.")}
        )
    grant = Grant.objects.create(
        work=work,
        licensee=licensee,
        right_type=right_type,
        territories=territories,
        excluded_territories=excluded,
        languages=languages,
        media=media or [],
        period=window,
        exclusive=exclusive,
        source=source,
        source_ref=source_ref,
    )
    cells = [
        GrantCell(
            grant=grant,
            work=work,
            right_type=right_type,
            territory=country,
            language=language,
            period=window,
            exclusive=exclusive,
        )
        for country in sorted(countries)
        for language in languages
    ]
    try:
        with transaction.atomic():
            GrantCell.objects.bulk_create(cells, batch_size=2000)
    except IntegrityError as exc:
        report = check_availability(
            work=work,
            right_type=right_type,
            territories=territories,
            excluded_territories=excluded,
            languages=languages,
            start=start,
            end=end,
            exclusive=exclusive,
            against=["rights_in", "grants"],  # what the cell constraints refused
        )
        lines = describe_conflicts(right_type=right_type, report=report)
        raise GrantConflict(
            {
                "grant": lines
                or [
                    _("%(right)s rights for %(work)s conflict with the rights held or granted.")
                    % {"right": right_type, "work": work}
                ]
            }
        ) from exc
    events.publish(GrantsChanged(work_id=work.pk))
    return grant


@transaction.atomic
def grant_revoke(*, grant: Grant, reason: str = "") -> Grant:
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        grant.cells.all().delete()
        events.publish(GrantsChanged(work_id=grant.work_id))
    return grant
