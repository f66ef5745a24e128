"""The platform's languages: one table, read by settings, formatting and search.

Django language codes (BCP 47, lower case) map to Babel/CLDR locales. Keep
this module free of Django imports: settings.py imports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str  # Django / BCP 47 code used in URLs and modeltranslation fields
    babel_locale: str  # CLDR locale Babel formats with
    english_name: str
    local_name: str
    script: str  # ISO 15924, picks fonts and search analyzers
    default_currency: str
    default_territory: str


LANGUAGES: tuple[Language, ...] = (
    Language("zh-hans", "zh_Hans_CN", "Simplified Chinese", "简体中文", "Hans", "CNY", "CN"),
    Language("zh-hant", "zh_Hant_TW", "Traditional Chinese", "繁體中文", "Hant", "TWD", "TW"),
    Language("en", "en", "English", "English", "Latn", "USD", "US"),
    Language("vi", "vi", "Vietnamese", "Tiếng Việt", "Latn", "VND", "VN"),
    Language("th", "th", "Thai", "ไทย", "Thai", "THB", "TH"),
    Language("ms", "ms", "Malay", "Bahasa Melayu", "Latn", "MYR", "MY"),
    Language("id", "id", "Indonesian", "Bahasa Indonesia", "Latn", "IDR", "ID"),
    Language("my", "my", "Burmese", "မြန်မာ", "Mymr", "MMK", "MM"),
    Language("lo", "lo", "Lao", "ລາວ", "Laoo", "LAK", "LA"),
    Language("fil", "fil", "Filipino", "Filipino", "Latn", "PHP", "PH"),
    Language("km", "km", "Khmer", "ខ្មែរ", "Khmr", "KHR", "KH"),
)

BY_CODE: dict[str, Language] = {lang.code: lang for lang in LANGUAGES}
LANGUAGE_CODES: tuple[str, ...] = tuple(lang.code for lang in LANGUAGES)
DEFAULT_LANGUAGE = "zh-hans"

# settings.LANGUAGES shows each language in its own name, as a switcher should.
DJANGO_LANGUAGES: list[tuple[str, str]] = [(lang.code, lang.local_name) for lang in LANGUAGES]

# Django ships no LANG_INFO for Lao or Filipino (nor a local name for Khmer).
EXTRA_LANG_INFO: dict[str, dict[str, object]] = {
    "lo": {"bidi": False, "code": "lo", "name": "Lao", "name_local": "ລາວ"},
    "fil": {"bidi": False, "code": "fil", "name": "Filipino", "name_local": "Filipino"},
    "km": {"bidi": False, "code": "km", "name": "Khmer", "name_local": "ខ្មែរ"},
}


def get_language_info(code: str) -> Language:
    """The Language for a Django code, falling back to the default language."""
    return BY_CODE.get((code or DEFAULT_LANGUAGE).lower(), BY_CODE[DEFAULT_LANGUAGE])
