"""Work identifiers: validated with python-stdnum; ISWC (absent there) by its check digit."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import isan, isbn, ismn, isrc
from stdnum.exceptions import ValidationError as StdnumError

from catalog.vocabulary import IdentifierScheme

_ISWC = re.compile(r"^T(\d{9})(\d)$")


def iswc_compact(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def iswc_check_digit(digits: str) -> str:
    """ISWC T-ddd.ddd.ddd-c: check = (10 - (1 + Σ i·dᵢ) mod 10) mod 10 (CISAC)."""
    weighted = 1 + sum(i * int(d) for i, d in enumerate(digits, start=1))
    return str((10 - weighted % 10) % 10)


def iswc_validate(value: str) -> str:
    compact = iswc_compact(value)
    match = _ISWC.match(compact)
    if not match:
        raise ValueError("must look like T-123.456.789-0")
    if iswc_check_digit(match.group(1)) != match.group(2):
        raise ValueError("check digit does not match")
    return compact


def _isbn(value: str) -> str:
    # ISBN-10 is stored as its ISBN-13 so one book has one key.
    return isbn.to_isbn13(isbn.validate(value))


_VALIDATORS = {
    IdentifierScheme.ISBN: _isbn,
    IdentifierScheme.ISRC: isrc.validate,
    IdentifierScheme.ISMN: lambda v: ismn.to_ismn13(ismn.validate(v)),
    IdentifierScheme.ISAN: lambda v: isan.compact(isan.validate(v), strip_check_digits=True),
    IdentifierScheme.ISWC: iswc_validate,
}


def normalise_identifier(scheme: str, value: str) -> str:
    """The compact, validated form of ``value``; a field-level error otherwise."""
    validator = _VALIDATORS.get(scheme)
    if validator is None:
        raise ValidationError(
            {"scheme": _("unknown identifier scheme “%(scheme)s”") % {"scheme": scheme}}
        )
    try:
        return validator(value.strip())
    except (StdnumError, ValueError) as exc:
        raise ValidationError(
            {
                scheme: _("“%(value)s” is not a valid %(scheme)s: %(exc)s")
                % {"value": value, "scheme": scheme.upper(), "exc": exc}
            }
        ) from None


def detect_scheme(value: str) -> str | None:
    """Guess the scheme of a bare identifier (search box, usage reports)."""
    for scheme in (
        IdentifierScheme.ISBN,
        IdentifierScheme.ISWC,
        IdentifierScheme.ISRC,
        IdentifierScheme.ISMN,
        IdentifierScheme.ISAN,
    ):
        try:
            normalise_identifier(scheme, value)
        except ValidationError:
            continue
        return scheme
    return None
