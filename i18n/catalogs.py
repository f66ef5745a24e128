"""Keep the .po catalogs well-formed for every platform language.

``makemessages`` leaves ``nplurals=INTEGER`` placeholders for languages
whose plural rules Django does not know (lo, fil, my, km…); CLDR knows them.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel import Locale
from babel.messages.plurals import get_plural

from i18n.languages import LANGUAGES

_PLURAL_HEADER = re.compile(r'"Plural-Forms: [^"]*\\n"')
_LANGUAGE_HEADER = re.compile(r'"Language: [^"]*\\n"')


def django_locale_name(code: str) -> str:
    """zh-hans → zh_Hans, as Django names locale directories."""
    from django.utils.translation import to_locale

    return to_locale(code)


def fix_headers(locale_dir: Path) -> list[Path]:
    fixed = []
    for lang in LANGUAGES:
        po_path = locale_dir / django_locale_name(lang.code) / "LC_MESSAGES" / "django.po"
        if not po_path.exists():
            continue
        plural = get_plural(Locale.parse(lang.babel_locale))
        text = po_path.read_text(encoding="utf-8")
        new = _PLURAL_HEADER.sub(
            f'"Plural-Forms: nplurals={plural.num_plurals}; plural={plural.plural_expr};\\\\n"',
            text,
            count=1,
        )
        new = _LANGUAGE_HEADER.sub(
            f'"Language: {django_locale_name(lang.code)}\\\\n"', new, count=1
        )
        if new != text:
            po_path.write_text(new, encoding="utf-8")
            fixed.append(po_path)
    return fixed
