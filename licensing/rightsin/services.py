"""Writes of rights in: a holder records what it owns or acquired, or removes a record.

The database keeps every grant inside the rights held (trigger ``heldcell_keeps_grants_inside``):
a removal that would leave a grant outside is refused whole, and the service names the
grants that still rely on the rights.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _

from catalog.kernel import events
from catalog.kernel.permissions import AnyUser, may_act_for
from catalog.models import Work
from catalog.services import validate_language
from catalog.territories import expand, validate_territory
from licensing.availability import validate_right
from licensing.events import GrantsChanged
from licensing.models import ANY, Grant, HeldCell, HeldRight
from licensing.services import lock_work_grants


def _require_holder(work: Work, user: AnyUser) -> None:
    if not may_act_for(user, work.holder_id):
        raise PermissionDenied(_("Only the work's holder can record the rights it holds."))


def _period(start: dt.date | None, end: dt.date | None) -> DateRange:
    """``end`` is the last day included; no start or no end is unbounded on that side."""
    if start and end and end < start:
        raise ValidationError(
            {"end": _("End %(end)s is before start %(start)s.") % {"end": end, "start": start}}
        )
    return DateRange(start, end + dt.timedelta(days=1) if end else None, "[)")


def _cells(
    territories: list[str], excluded: list[str], languages: list[str]
) -> tuple[list[str], list[str]]:
    """Countries and languages to spell out, ``[ANY]`` where everything is held."""
    if territories == [ANY] and not excluded:
        countries = [ANY]
    else:
        include = ["WORLD" if t == ANY else t for t in territories]
        countries = sorted(expand(include, excluded))
    if not countries:
        raise ValidationError(
            {"territories": _("The territories left after exclusions are empty.")}
        )
    return countries, languages


@transaction.atomic
def held_right_add(
    *,
    work: Work,
    user: AnyUser,
    basis: str,
    right_type: str,
    territories: list[str],
    languages: list[str],
    exclusive: bool,
    start: dt.date | None = None,
    end: dt.date | None = None,
    excluded_territories: list[str] | None = None,
    source_ref: str = "",
    acquired_from: str = "",
    note: str = "",
) -> HeldRight:
    """Record rights the work's holder holds: its own creation (only a holder that is one
    of the work's creators) or acquired by a named contract."""
    _require_holder(work, user)
    if basis not in HeldRight.Basis.values:
        raise ValidationError({"basis": _("“%(value)s” is not a basis.") % {"value": basis}})
    source_ref = (source_ref or "").strip()
    if basis == HeldRight.Basis.ACQUIRED and not source_ref:
        raise ValidationError(
            {"source_ref": _("Name the contract by which these rights were acquired.")}
        )
    if (
        basis == HeldRight.Basis.OWN_CREATION
        and not work.creators.filter(party_id=work.holder_id).exists()
    ):
        raise ValidationError(
            {
                "basis": _(
                    "%(party)s is not among the creators of “%(work)s”: record acquired rights "
                    "with the contract that transferred them."
                )
                % {"party": work.holder.name, "work": work.original_title}
            }
        )
    if right_type != ANY:
        validate_right(right_type)
    territories = [t if t == ANY else validate_territory(t) for t in territories]
    excluded = [validate_territory(t, field="excluded") for t in excluded_territories or []]
    languages = sorted(
        {code if code == ANY else validate_language(code, field="languages") for code in languages}
    )
    if not territories or not languages:
        raise ValidationError({"territories": _("Name at least one territory and one language.")})
    if ANY in languages:
        languages = [ANY]
    period = _period(start, end)
    countries, languages = _cells(territories, excluded, languages)
    held = HeldRight.objects.create(
        work=work,
        holder_id=work.holder_id,
        basis=basis,
        right_type=right_type,
        territories=territories,
        excluded_territories=excluded,
        languages=languages,
        period=period,
        exclusive=exclusive,
        source_ref=source_ref,
        acquired_from=(acquired_from or "").strip(),
        note=(note or "").strip(),
    )
    HeldCell.objects.bulk_create(
        [
            HeldCell(
                held=held,
                work=work,
                right_type=right_type,
                territory=country,
                language=language,
                period=period,
                exclusive=exclusive,
            )
            for country in countries
            for language in languages
        ],
        batch_size=2000,
    )
    events.publish(GrantsChanged(work_id=work.pk))
    return held


# Grant cells inside ``held`` that no other held cell of the work covers: the rows the
# heldcell_keeps_grants_inside trigger would refuse to leave uncovered, asked first so a
# refusal writes nothing (the trigger stays the guarantee against a concurrent writer).
_RELYING_SQL = """
    SELECT DISTINCT g.grant_id
      FROM licensing_grantcell g
      JOIN licensing_heldcell h
        ON h.held_id = %(held)s AND g.work_id = h.work_id AND g.period && h.period
       AND (h.right_type = '*' OR g.right_type = h.right_type)
       AND (h.territory = '*' OR g.territory = h.territory)
       AND (h.language = '*' OR g.language = h.language)
     WHERE NOT COALESCE((
        SELECT range_agg(o.period) @> g.period
          FROM licensing_heldcell o
         WHERE o.work_id = g.work_id AND o.held_id <> %(held)s
           AND o.right_type IN (g.right_type, '*') AND o.territory IN (g.territory, '*')
           AND o.language IN (g.language, '*') AND (o.exclusive OR NOT g.exclusive)
       ), false)
     ORDER BY g.grant_id
     LIMIT 5"""


def _grants_relying_on(held: HeldRight) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(_RELYING_SQL, {"held": held.pk})
        ids = [row[0] for row in cursor.fetchall()]
    grants = Grant.objects.filter(pk__in=ids).order_by("pk")
    return [f"{g.source_ref or g.pk} ({g.right_type})" for g in grants]


def _refuse_removal(grants: list[str]) -> ValidationError:
    return ValidationError(
        {
            "held": _(
                "These rights cannot be removed: grants still lie inside them "
                "(%(grants)s). Record the rights that cover those grants first."
            )
            % {"grants": ", ".join(grants) or "—"}
        }
    )


@transaction.atomic
def held_right_remove(*, held: HeldRight, user: AnyUser) -> None:
    """Remove a record of rights held; refused while a grant still lies inside it alone."""
    held = HeldRight.objects.select_related("work").get(pk=held.pk)
    _require_holder(held.work, user)
    lock_work_grants(work_id=held.work_id)
    if relying := _grants_relying_on(held):
        raise _refuse_removal(relying)
    try:
        with transaction.atomic():
            held.delete()
    except IntegrityError as exc:  # a grant written meanwhile without the work's lock
        raise _refuse_removal(_grants_relying_on(held)) from exc
    events.publish(GrantsChanged(work_id=held.work_id))
