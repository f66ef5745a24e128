"""Rights availability: one selector, the requested window minus every subtraction.

``check_availability`` asks each registered *subtraction* which cells of a request it
refuses and why; the answer lists each conflict (cell, window, conflict type). The
conflict types carry Rightsline's names:

* **No Rights In** — the work's holder does not hold the right there then (rights in,
  ``HeldCell``);
* **No Exclusive In** — it holds it, but only non-exclusively, and an exclusive right is
  asked for;
* **Overlap** — already granted in that cell: an exclusive request conflicts with any
  grant, a non-exclusive one with exclusive grants only (the GrantCell constraints' rule).

* **Seized** / **Pledged: consent needed** / **Disputed** — a court order, a pledge (an
  exclusive licence needs the pledgee's consent to the contract) or a dispute the policy
  blocks (``settings.DISPUTE_AVAILABILITY_POLICY``) holds the cell back: the
  ``encumbrances`` subtraction (``licensing/encumbrances.py``) over the providers finance and
  disputes register with ``catalog.kernel.encumbrances``. Such a conflict carries a ``reason``
  for a person ("seized by order of … until …"); a dispute the policy only flags is a
  *warning*: the right stays available.

More subtractions register with ``register_subtraction`` under a name of their own; callers
that need only some (a listing checks rights in, not grants) name them in ``against``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import psycopg
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.identifiers import normalise_identifier
from catalog.kernel.encumbrances import DISPUTED, PLEDGED_CONSENT_NEEDED, SEIZED
from catalog.kernel.status import StatusFlag
from catalog.models import Work
from catalog.services import validate_language
from catalog.territories import expand
from catalog.vocabulary import IdentifierScheme, RightType
from licensing.models import ANY, Grant, GrantCell

NO_RIGHTS_IN = "no_rights_in"
NO_EXCLUSIVE_IN = "no_exclusive_in"
OVERLAP = "overlap"
CONFLICT_TYPES = {
    NO_RIGHTS_IN: gettext_lazy("No Rights In"),
    NO_EXCLUSIVE_IN: gettext_lazy("No Exclusive In"),
    OVERLAP: gettext_lazy("Overlap"),
    SEIZED: gettext_lazy("Seized"),
    PLEDGED_CONSENT_NEEDED: gettext_lazy("Pledged: consent needed"),
    DISPUTED: gettext_lazy("Disputed"),
}


@dataclass(frozen=True)
class Conflict:
    grant_id: int | None  # the conflicting grant (Overlap), else None
    source_ref: str
    territory: str
    language: str
    start: dt.date
    end: dt.date  # exclusive upper bound
    exclusive: bool
    kind: str = OVERLAP
    reason: str = ""  # a seizure's, pledge's or dispute's own sentence, translated
    blocking: bool = True  # False: a warning (the right stays available)

    @property
    def label(self) -> str:
        return str(CONFLICT_TYPES.get(self.kind, self.kind))


@dataclass
class Availability:
    available: bool
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[Conflict] = field(default_factory=list)

    @property
    def blocked_cells(self) -> set[tuple[str, str]]:
        return {(c.territory, c.language) for c in self.conflicts}

    def as_dict(self) -> dict:
        return {
            "available": self.available,
            "conflicts": [
                {
                    "conflict": c.kind,
                    "type": c.label,
                    "grant": c.grant_id,
                    "source": c.source_ref,
                    "territory": c.territory,
                    "language": c.language,
                    "from": c.start.isoformat(),
                    "to": (c.end - dt.timedelta(days=1)).isoformat(),
                    "exclusive": c.exclusive,
                    "reason": c.reason or c.label,
                }
                for c in self.conflicts
            ],
            "warnings": [
                {"warning": w.kind, "type": w.label, "reason": w.reason, "source": w.source_ref}
                for w in self.warnings
            ],
        }


@dataclass(frozen=True)
class Request:
    """One validated availability question, as every subtraction receives it."""

    work_id: int
    right_type: str
    countries: tuple[str, ...]  # sorted
    languages: tuple[str, ...]  # sorted
    start: dt.date
    end: dt.date  # exclusive upper bound
    exclusive: bool
    contract_id: int | None = None  # the contract asked about (a pledgee may have consented)


Subtraction = Callable[[Request], list[Conflict]]
_subtractions: dict[str, Subtraction] = {}


def register_subtraction(name: str, subtraction: Subtraction) -> None:
    """Add a reason a cell may be unavailable; checked by every ``check_availability``."""
    _subtractions[name] = subtraction


def validate_window(start: dt.date, end: dt.date) -> DateRange:
    """``end`` is the last day included; stored as the half-open [start, end + 1)."""
    if end < start:
        raise ValidationError(
            {"end": _("End %(end)s is before start %(start)s.") % {"end": end, "start": start}}
        )
    return DateRange(start, end + dt.timedelta(days=1), "[)")


def validate_right(right_type: str) -> str:
    if right_type not in RightType.values:
        raise ValidationError(
            {
                "right_type": _("“%(value)s” is not a right type (%(choices)s).")
                % {"value": right_type, "choices": ", ".join(RightType.values)}
            }
        )
    return right_type


_CONFLICTS_SQL = """
    SELECT c.grant_id, g.source_ref, c.territory, c.language,
           lower(c.period), upper(c.period), c.exclusive
      FROM licensing_grantcell c
      JOIN licensing_grant g ON g.id = c.grant_id
     WHERE c.work_id = %s AND c.right_type = %s
       AND c.territory = ANY(%s) AND c.language = ANY(%s)
       AND c.period && daterange(%s, %s, '[)')"""
_CONFLICTS_ORDER = " ORDER BY c.territory, c.language, c.period, c.id"

_HELD_SQL = """
    SELECT h.territory, h.language, lower(h.period), upper(h.period), h.exclusive
      FROM licensing_heldcell h
     WHERE h.work_id = %s AND h.right_type IN (%s, '*')
       AND (h.territory = '*' OR h.territory = ANY(%s))
       AND (h.language = '*' OR h.language = ANY(%s))
       AND h.period && daterange(%s, %s, '[)')"""


def _rows(sql: str, params: list) -> list[tuple]:
    connection.ensure_connection()
    # A server-side-binding cursor on Django's own connection (same transaction). Not
    # prepared: a generic plan for "= ANY(…)" over the partial gist indexes was slower for
    # some works than a custom plan per call (p95 5 ms vs 0.7 ms), and unprepared
    # statements also work behind pgbouncer in transaction pooling.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _cell_params(request: Request) -> list:
    """The parameters _CONFLICTS_SQL and _HELD_SQL share: the request's work, right type,
    countries, languages and window."""
    return [
        request.work_id,
        request.right_type,
        list(request.countries),
        list(request.languages),
        request.start,
        request.end,
    ]


def grant_conflicts(request: Request) -> list[Conflict]:
    """Overlap: granted cells the request collides with."""
    # Hand-written SQL: this check runs on every offer, page and API call, and the ORM's
    # query compilation and model instances cost several times the index lookup itself
    # (bench_availability). Same rule as the GrantCell constraints: an exclusive request
    # conflicts with any cell, a non-exclusive one with exclusive cells only.
    sql = _CONFLICTS_SQL + ("" if request.exclusive else " AND c.exclusive") + _CONFLICTS_ORDER
    return [Conflict(*row, kind=OVERLAP) for row in _rows(sql, _cell_params(request))]


def uncovered(
    start: dt.date, end: dt.date, periods: Iterable[tuple[dt.date | None, dt.date | None]]
) -> list[tuple[dt.date, dt.date]]:
    """The parts of [start, end) no period covers (None bounds are unbounded), in order."""
    gaps: list[tuple[dt.date, dt.date]] = []
    cursor = start
    for lower, upper in sorted(
        ((lo or dt.date.min, hi or dt.date.max) for lo, hi in periods), key=lambda p: p[0]
    ):
        if cursor >= end:
            break
        if upper <= cursor:
            continue
        if lower > cursor:
            gaps.append((cursor, min(lower, end)))
        cursor = max(cursor, upper)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def _found(
    request: Request, periods: Iterable[tuple[dt.date | None, dt.date | None, bool]]
) -> list[tuple[dt.date, dt.date, str]]:
    """One cell's windows not held (No Rights In) or held only non-exclusively when an
    exclusive right is asked (No Exclusive In), given the held periods that apply to it."""
    cells = list(periods)
    gaps = uncovered(request.start, request.end, ((lo, hi) for lo, hi, _x in cells))
    found = [(s, e, NO_RIGHTS_IN) for s, e in gaps]
    if request.exclusive:
        exclusive = ((lo, hi) for lo, hi, excl in cells if excl)
        for s, e in uncovered(request.start, request.end, exclusive):
            # Parts held non-exclusively: the exclusive gaps minus the held gaps.
            found += [(s2, e2, NO_EXCLUSIVE_IN) for s2, e2 in uncovered(s, e, gaps)]
    return sorted(found)


def _covers(request: Request, lower: dt.date | None, upper: dt.date | None, excl: bool) -> bool:
    return (
        (lower is None or lower <= request.start)
        and (upper is None or upper >= request.end)
        and (excl or not request.exclusive)
    )


def rights_in_conflicts(request: Request) -> list[Conflict]:
    """No Rights In / No Exclusive In: the request's windows outside the union of the work's
    held cells (the same union the grantcell_inside_rights_held trigger takes)."""
    return held_conflicts(request, _rows(_HELD_SQL, _cell_params(request)))


def held_conflicts(request: Request, rows: list[tuple]) -> list[Conflict]:
    """``rights_in_conflicts`` over given held rows (territory, language, lower, upper,
    exclusive) of the request's right type or ``ANY``."""
    # Work by sets, never cell by cell: a world line is ~250 countries x ~185 languages.
    # The cells a country x language takes its periods from are (*, *), (country, *),
    # (*, language) and (country, language); countries (languages) with the same
    # (country, *) ((*, language)) periods answer alike, so each class pair is computed
    # once and only the conflicting cells are spelt out.
    if any(t == ANY and lang == ANY and _covers(request, lo, hi, x) for t, lang, lo, hi, x in rows):
        return []  # "everything" (or a wildcard over the whole window) covers the request
    everywhere: list[tuple] = []
    by_country: dict[str, list[tuple]] = defaultdict(list)
    by_language: dict[str, list[tuple]] = defaultdict(list)
    by_pair: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for territory, language, lower, upper, excl in rows:
        period = (lower, upper, excl)
        if territory == ANY and language == ANY:
            everywhere.append(period)
        elif language == ANY:
            by_country[territory].append(period)
        elif territory == ANY:
            by_language[language].append(period)
        else:
            by_pair[(territory, language)].append(period)

    def classes(codes: tuple[str, ...], periods: dict[str, list[tuple]]) -> dict[tuple, list[str]]:
        grouped: dict[tuple, list[str]] = defaultdict(list)
        for code in codes:
            grouped[tuple(sorted(periods.get(code, ()), key=repr))].append(code)
        return grouped

    exclusive = request.exclusive
    conflicts: list[Conflict] = []
    language_classes = classes(request.languages, by_language)

    def emit(country: str, language: str, found: list[tuple]) -> None:
        conflicts.extend(
            Conflict(None, "", country, language, s, e, exclusive, kind=kind)
            for s, e, kind in found
        )

    for country_periods, countries in classes(request.countries, by_country).items():
        for language_periods, languages in language_classes.items():
            found = _found(request, [*everywhere, *country_periods, *language_periods])
            if not found:
                continue
            for country in countries:
                for language in languages:
                    if (country, language) not in by_pair:
                        emit(country, language, found)
    for (country, language), pair_periods in by_pair.items():
        periods = [*everywhere, *by_country.get(country, ()), *by_language.get(language, ())]
        emit(country, language, _found(request, [*periods, *pair_periods]))
    # The order a cell-by-cell walk gives: by country, language, then window.
    conflicts.sort(key=lambda c: (c.territory, c.language, c.start, c.end, c.kind))
    return conflicts


register_subtraction("rights_in", rights_in_conflicts)
register_subtraction("grants", grant_conflicts)


def check_availability(
    *,
    work: Work,
    right_type: str,
    territories: Iterable[str],
    languages: Iterable[str],
    start: dt.date,
    end: dt.date,
    exclusive: bool,
    excluded_territories: Iterable[str] = (),
    against: Iterable[str] | None = None,
    contract: object | None = None,
) -> Availability:
    """Is the right free for the whole request? ``against`` names the subtractions to
    apply (default: every registered one); ``contract``: the contract being activated, which
    a pledgee's recorded consent may clear."""
    window = validate_window(start, end)
    validate_right(right_type)
    countries = expand(territories, excluded_territories)
    langs = {validate_language(code, field="languages") for code in languages}
    if not countries or not langs:
        raise ValidationError({"territories": _("Name at least one territory and one language.")})
    request = Request(
        work_id=work.pk,
        right_type=right_type,
        countries=tuple(sorted(countries)),
        languages=tuple(sorted(langs)),
        start=window.lower,
        end=window.upper,
        exclusive=exclusive,
        contract_id=getattr(contract, "pk", None),
    )
    names = list(_subtractions) if against is None else list(against)
    conflicts: list[Conflict] = []
    warnings: list[Conflict] = []
    for name in names:
        for conflict in _subtractions[name](request):
            (conflicts if conflict.blocking else warnings).append(conflict)
    return Availability(available=not conflicts, conflicts=conflicts, warnings=warnings)


def describe_conflict(*, right_type: str, conflict: Conflict) -> str:
    """One line for a refusal: the conflict type, then the cell (right, territory,
    language, dates) and, for an Overlap, the grant and its contract."""
    from i18n.formatting import format_date

    values = {
        "type": conflict.label,
        "right": RightType(right_type).label if right_type in RightType.values else right_type,
        "territory": conflict.territory,
        "language": conflict.language,
        "start": format_date(conflict.start),
        "end": format_date(conflict.end - dt.timedelta(days=1)),
    }
    if conflict.reason:
        return _(
            "%(type)s: %(right)s in %(territory)s / %(language)s from %(start)s to %(end)s — "
            "%(reason)s."
        ) % {**values, "reason": conflict.reason}
    if conflict.kind == OVERLAP:
        return _(
            "%(type)s: %(right)s in %(territory)s / %(language)s from %(start)s to %(end)s is "
            "already granted (grant %(grant)s, %(ref)s)."
        ) % {**values, "grant": conflict.grant_id, "ref": conflict.source_ref or "—"}
    if conflict.kind == NO_EXCLUSIVE_IN:
        return (
            _(
                "%(type)s: %(right)s in %(territory)s / %(language)s from %(start)s to %(end)s is "
                "held only non-exclusively, so it cannot be licensed exclusively."
            )
            % values
        )
    return (
        _(
            "%(type)s: %(right)s in %(territory)s / %(language)s from %(start)s to %(end)s is not "
            "among the rights held."
        )
        % values
    )


def describe_conflicts(*, right_type: str, report: Availability, limit: int = 5) -> list[str]:
    """Each seizure, pledge or dispute once (its reason), then the first ``limit`` other
    conflicts and how many more there are."""
    reasons = list(dict.fromkeys(c.reason for c in report.conflicts if c.reason))
    others = [c for c in report.conflicts if not c.reason]
    # Only the lines shown are formatted: a world line not held has ~45,000 conflicts.
    lines = [describe_conflict(right_type=right_type, conflict=c) for c in others[:limit]]
    lines = [*reasons, *lines]
    if len(others) > limit:
        more = len(others) - limit
        lines.append(_("… and %(count)s more conflicting cells.") % {"count": more})
    return lines


Cell = tuple[str, str, str]  # (right type, country, language)


def exclusive_cells(work_ids: Iterable[int], *, on: dt.date) -> dict[int, set[Cell]]:
    """{work_id: {(right, country, language)}} exclusively granted on ``on`` (search index)."""
    result: dict[int, set[Cell]] = {}
    rows = GrantCell.objects.filter(
        work_id__in=list(work_ids), exclusive=True, period__contains=on
    ).values_list("work_id", "right_type", "territory", "language")
    for work_id, right, territory, language in rows:
        result.setdefault(work_id, set()).add((right, territory, language))
    return result


def granted_cells(work_ids: Iterable[int], *, on: dt.date) -> dict[int, dict[Cell, bool]]:
    """{work_id: {(right, country, language): exclusive?}} of every cell granted on ``on``."""
    result: dict[int, dict[Cell, bool]] = {}
    rows = GrantCell.objects.filter(work_id__in=list(work_ids), period__contains=on).values_list(
        "work_id", "right_type", "territory", "language", "exclusive"
    )
    for work_id, right, territory, language, excl in rows:
        cells = result.setdefault(work_id, {})
        cells[(right, territory, language)] = cells.get((right, territory, language), False) or excl
    return result


_HELD_ON_SQL = """
    SELECT h.work_id, h.right_type, h.territory, h.language,
           lower(h.period), upper(h.period), h.exclusive
      FROM licensing_heldcell h
     WHERE h.work_id = ANY(%s) AND h.period @> %s::date"""


def held_cells_on(work_ids: Iterable[int], *, on: dt.date) -> dict[int, list[tuple]]:
    """{work_id: [(right, territory, language, lower, upper, exclusive)]} held on ``on``."""
    result: dict[int, list[tuple]] = {}
    for work_id, *row in _rows(_HELD_ON_SQL, [list(work_ids), on]):
        result.setdefault(work_id, []).append(tuple(row))
    return result


def unheld_cells(
    held: list[tuple],
    *,
    rights: Iterable[str],
    countries: Iterable[str],
    languages: Iterable[str],
    on: dt.date,
    exclusive_only: bool,
) -> set[Cell]:
    """The cells of an offer its holder cannot sell on ``on`` for want of rights in: the
    rights-in check's answer for that day (No Rights In; No Exclusive In too when the
    offer is exclusive only). ``held``: the work's rows from ``held_cells_on``."""
    cs, ls = frozenset(countries), frozenset(languages)
    if not cs or not ls:
        return set()
    cells: set[Cell] = set()
    for right in set(rights):
        rows = [
            (territory, language, lower, upper, excl)
            for r, territory, language, lower, upper, excl in held
            if r in (right, ANY)
            and (territory == ANY or territory in cs)
            and (language == ANY or language in ls)
        ]
        request = Request(
            work_id=0,
            right_type=right,
            countries=tuple(sorted(cs)),
            languages=tuple(sorted(ls)),
            start=on,
            end=on + dt.timedelta(days=1),
            exclusive=exclusive_only,
        )
        cells |= {(right, c.territory, c.language) for c in held_conflicts(request, rows)}
    return cells


def unsellable_cells(granted: dict[Cell, bool], *, exclusive_only: bool) -> set[Cell]:
    """The cells a listing can no longer sell: any grant blocks an exclusive-only listing
    (an exclusive licence cannot be sold over a non-exclusive one); otherwise only exclusive
    grants do."""
    if exclusive_only:
        return set(granted)
    return {cell for cell, excl in granted.items() if excl}


def resolve_work(value: str | int) -> Work:
    """A work by id or by ISBN (any form python-stdnum accepts)."""
    raw = str(value).strip()
    if raw.isdigit() and len(raw) < 10:
        work = Work.objects.filter(pk=int(raw)).first()
    else:
        try:
            compact = normalise_identifier(IdentifierScheme.ISBN, raw)
        except ValidationError as exc:
            raise ValidationError(
                {"work": _("“%(value)s” is neither a work id nor a valid ISBN.") % {"value": raw}}
            ) from exc
        work = Work.objects.filter(
            identifiers__scheme=IdentifierScheme.ISBN, identifiers__value=compact
        ).first()
    if work is None:
        raise ValidationError({"work": _("There is no work “%(value)s”.") % {"value": raw}})
    return work


def exclusive_licence_flags(work: Work) -> list[StatusFlag]:
    """Status provider: ``exclusively_licensed`` while an exclusive grant runs today."""
    from i18n.formatting import format_date

    today = dt.date.today()
    grants = Grant.objects.filter(
        work=work, exclusive=True, revoked_at__isnull=True, period__contains=today
    ).order_by("right_type", "pk")
    if not grants:
        return []
    territories: list[str] = []
    parts = []
    for grant in grants:
        territories += [t for t in grant.territories if t not in territories]
        parts.append(
            _("%(right)s in %(territories)s (%(languages)s) until %(end)s")
            % {
                "right": RightType(grant.right_type).label,
                "territories": ", ".join(grant.territories),
                "languages": ", ".join(grant.languages),
                "end": format_date(grant.period.upper - dt.timedelta(days=1)),
            }
        )
    return [
        StatusFlag(
            "exclusively_licensed",
            _("Exclusively licensed"),
            "info",
            "; ".join(parts),
            tuple(territories),
        )
    ]
