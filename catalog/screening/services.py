"""Screening of application texts against the sensitive-word lists, and list maintenance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.screening.matcher import Entry, MatcherCache, TermMatcher
from catalog.screening.models import (
    ALL_LANGUAGES,
    Category,
    Origin,
    SensitiveTerm,
    Severity,
    TermListVersion,
)
from catalog.screening.normalise import ACCENT_INSENSITIVE, normalise, normalise_term
from i18n.languages import LANGUAGE_CODES

WORDLIST_DIR = Path(__file__).resolve().parent / "wordlists"
ALL_LANGUAGES_FILE = "all"  # wordlists/all.txt holds the "*" list

# Both Chinese lists are folded to simplified characters, so a text in either script
# is checked against both (a Hong Kong usage term catches a simplified text too).
EXTRA_LISTS = {"zh-hant": ("zh-hans",), "zh-hans": ("zh-hant",)}


# --- screening -------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningHit:
    field: str  # the key the caller gave: a language code or a field name
    language: str  # language of the screened text
    list_language: str  # list the term came from ("*" for all languages)
    term_id: int
    term: str
    category: str
    severity: str
    start: int  # code-point offsets into the original text
    end: int
    matched_text: str


@dataclass(frozen=True)
class ScreeningResult:
    hits: tuple[ScreeningHit, ...]

    @property
    def blocked(self) -> bool:
        return any(hit.severity == Severity.BLOCK for hit in self.hits)

    @property
    def needs_review(self) -> bool:
        # Independent of ``blocked``: an examiner overriding a block still sees the rest.
        return any(hit.severity == Severity.REVIEW for hit in self.hits)

    def to_dict(self) -> dict:
        return {
            "blocked": self.blocked,
            "needs_review": self.needs_review,
            "hits": [asdict(hit) for hit in self.hits],
        }


def _list_version() -> int | None:
    return TermListVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def _build_matcher(list_language: str, accent_insensitive: bool) -> TermMatcher:
    terms = SensitiveTerm.objects.filter(language=list_language, active=True)
    return TermMatcher(
        Entry(
            term_id=term.pk,
            # Terms of the "*" list are folded the way the screened text is.
            normalised=normalise(term.term, accent_insensitive=accent_insensitive).text.strip(),
            term=term.term,
            list_language=list_language,
            category=term.category,
            severity=term.severity,
        )
        for term in terms.only("pk", "term", "category", "severity")
    )


_matchers = MatcherCache(_build_matcher)


def _validate_language(language: str, *, field: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {
                field: _("“%(language)s” is not one of %(languages)s")
                % {"language": language, "languages": ", ".join(LANGUAGE_CODES)}
            }
        )


def _screen(items: Iterable[tuple[str, str, str]]) -> ScreeningResult:
    """Screen (field, language, text) triples."""
    version = _list_version()  # read before the terms: a newer list can only cause a rebuild
    best: dict[tuple, ScreeningHit] = {}
    for field, language, text in items:
        if not text:
            continue
        accent_insensitive = language in ACCENT_INSENSITIVE
        norm = normalise(text, accent_insensitive=accent_insensitive)
        for list_language in (language, *EXTRA_LISTS.get(language, ()), ALL_LANGUAGES):
            matcher = _matchers.get((list_language, accent_insensitive), version)
            for match in matcher.find(norm):
                start, end = norm.original_span(match.start, match.end)
                entry = match.entry
                hit = ScreeningHit(
                    field=field,
                    language=language,
                    list_language=entry.list_language,
                    term_id=entry.term_id,
                    term=entry.term,
                    category=entry.category,
                    severity=entry.severity,
                    start=start,
                    end=end,
                    matched_text=text[start:end],
                )
                # The same term on two lists (zh-hans and zh-hant) is one hit, the stricter.
                key = (field, language, start, end, entry.normalised)
                if key not in best or hit.severity == Severity.BLOCK:
                    best[key] = hit
    hits = sorted(best.values(), key=lambda h: (h.field, h.language, h.start, h.end, h.term))
    return ScreeningResult(tuple(hits))


def screening_check_texts(*, texts: dict[str, str]) -> ScreeningResult:
    """Screen one text per language: ``{"th": "...", "zh-hant": "..."}``."""
    for language in texts:
        _validate_language(language, field="texts")
    return _screen((language, language, text) for language, text in texts.items())


def screening_check_fields(*, values: dict[str, dict[str, str]]) -> ScreeningResult:
    """Screen translated fields: ``{"title": {"en": "...", "th": "..."}, "synopsis": {...}}``."""
    for field, by_language in values.items():
        for language in by_language:
            _validate_language(language, field=field)
    return _screen(
        (field, language, text)
        for field, by_language in values.items()
        for language, text in by_language.items()
    )


# --- shipped lists ---------------------------------------------------------------


@dataclass(frozen=True)
class ShippedTerm:
    language: str
    term: str
    normalised: str
    category: str
    severity: str
    notes: str


def read_wordlists(*, directory: Path = WORDLIST_DIR) -> list[ShippedTerm]:
    """Parse every ``<lang>.txt``; any bad line rejects the whole set, naming file and line."""
    terms: list[ShippedTerm] = []
    seen: dict[tuple[str, str], str] = {}
    for path in sorted(directory.glob("*.txt")):
        language = ALL_LANGUAGES if path.stem == ALL_LANGUAGES_FILE else path.stem
        if language != ALL_LANGUAGES and language not in LANGUAGE_CODES:
            raise ValueError(f"{path.name}: “{path.stem}” is not a language code")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path.name}:{number}"
            parts = line.split("\t")
            if len(parts) not in (3, 4):
                raise ValueError(f"{where}: expected term<TAB>category<TAB>severity[<TAB>notes]")
            term, category, severity = (part.strip() for part in parts[:3])
            if category not in Category.values:
                raise ValueError(f"{where}: unknown category “{category}”")
            if severity not in Severity.values:
                raise ValueError(f"{where}: severity must be block or review, not “{severity}”")
            normalised = normalise_term(term, language)
            if not normalised:
                raise ValueError(f"{where}: the term is empty once normalised")
            if (language, normalised) in seen:
                raise ValueError(f"{where}: duplicates {seen[language, normalised]}")
            seen[language, normalised] = where
            notes = parts[3].strip() if len(parts) == 4 else ""
            terms.append(ShippedTerm(language, term, normalised, category, severity, notes))
    return terms


@dataclass(frozen=True)
class SyncReport:
    created: int
    updated: int
    unchanged: int
    customised: int  # shipped rows staff edited, left alone
    deactivated: int


_SYNCED_FIELDS = ("term", "category", "severity", "notes", "active")


@transaction.atomic
def sensitive_terms_sync(*, directory: Path = WORDLIST_DIR, prune: bool = False) -> SyncReport:
    """Bring the database in line with the shipped files without undoing staff edits.

    Missing terms are added; shipped rows nobody edited follow the files; rows staff
    added or edited stay as they are. ``prune`` deactivates unedited shipped rows that
    left the files. Writes nothing when nothing changed, so the list version (and every
    process's cached matcher) survives a no-op run.
    """
    shipped = read_wordlists(directory=directory)
    existing = {
        (row.language, row.normalised): row
        for row in SensitiveTerm.objects.select_for_update().order_by("pk")
    }
    to_create, to_update = [], []
    unchanged = customised = 0
    for item in shipped:
        row = existing.get((item.language, item.normalised))
        if row is None:
            to_create.append(
                SensitiveTerm(
                    language=item.language,
                    term=item.term,
                    normalised=item.normalised,
                    category=item.category,
                    severity=item.severity,
                    notes=item.notes,
                    origin=Origin.SHIPPED,
                )
            )
        elif row.origin != Origin.SHIPPED or row.customised:
            customised += 1
        else:
            wanted = {
                "term": item.term,
                "category": item.category,
                "severity": item.severity,
                "notes": item.notes,
                "active": True,  # a shipped term back in the files is live again
            }
            if all(getattr(row, f) == v for f, v in wanted.items()):
                unchanged += 1
                continue
            for name, value in wanted.items():
                setattr(row, name, value)
            to_update.append(row)
    deactivated = 0
    if prune:
        listed = {(item.language, item.normalised) for item in shipped}
        stale = [
            row
            for key, row in existing.items()
            if key not in listed
            and row.origin == Origin.SHIPPED
            and not row.customised
            and row.active
        ]
        for row in stale:
            row.active = False
        to_update.extend(stale)
        deactivated = len(stale)
    SensitiveTerm.objects.bulk_create(to_create)
    for row in to_update:
        row.save(update_fields=[*_SYNCED_FIELDS, "updated_at"])
    return SyncReport(
        created=len(to_create),
        updated=len(to_update) - deactivated,
        unchanged=unchanged,
        customised=customised,
        deactivated=deactivated,
    )
