"""The Django and django-allauth messages the site shows, and where their translations are.

"Shown" is decided by source file, read from the ``#:`` references of the English
catalogs Django and allauth ship, so the set is the same every time and follows new
releases: Django's form, validator and model-field errors, ``contrib.auth``'s password
rules and forms, and allauth's account and mfa messages and templates (the site enables
no socialaccount, usersessions, headless or identity-provider app).

A language's shipped catalog (Django's, allauth's) may lack a message or only repeat its
English; such a message needs a translation in ``THIRD_PARTY_LOCALE``
(``i18n/third_party_locale``), which ``settings.LOCALE_PATHS`` lists after the site's own
catalogs. ``manage.py third_party_messages`` checks and rewrites those catalogs.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import allauth
import django
from babel.messages.pofile import read_po
from django.utils.translation import to_locale

from i18n.catalogs import django_locale_name
from i18n.english_copies import SAME_EVERYWHERE, may_equal_english

DJANGO_ROOT = Path(django.__file__).parent
ALLAUTH_ROOT = Path(allauth.__file__).parent
THIRD_PARTY_LOCALE = Path(__file__).parent / "third_party_locale"

# (package, catalog root relative to the package, source paths whose messages are shown).
# A path ending in "/" is a folder prefix; the "db/models" entries are error messages only.
SOURCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "django",
        "conf/locale",
        (
            "core/validators.py",
            "forms/fields.py",
            "forms/models.py",
            "forms/formsets.py",
            "forms/forms.py",
            "db/models/base.py",
            "db/models/constraints.py",
            "db/models/fields/__init__.py",
            "db/models/fields/related.py",
            "db/models/fields/json.py",
        ),
    ),
    (
        "django",
        "contrib/auth/locale",
        (
            "contrib/auth/password_validation.py",
            "contrib/auth/forms.py",
            "contrib/auth/validators.py",
        ),
    ),
    (
        "allauth",
        "locale",
        ("account/", "mfa/", "templates/account/", "templates/mfa/", "templates/allauth/"),
    ),
)
# Model fields' descriptions ("Integer", "Date (without time)") are for developers; the
# messages from db/models a user meets are the validation errors, which name a value or
# say what is not allowed.
_DB_ERROR = re.compile(r"[Mm]ust|not allowed|cannot|already exists|does not exist|valid|violated")
# Only the admin's user forms show these (the site's users never see the admin).
ADMIN_ONLY = frozenset(
    {
        "Password-based authentication",
        "Enabled",
        "Disabled",
        "Raw passwords are not stored, so there is no way to see the user’s password.",
        "Enable password-based authentication for this user by setting a password.",
        "Whether the user will be able to authenticate using a password or not. If disabled, "
        "they may still be able to authenticate using other backends, such as Single Sign-On "
        "or LDAP.",
        "Reset password",
        "Set password",
    }
)
# Files whose messages no user sees: allauth features the settings leave off (login,
# verification and reset by code, phone numbers, passkey signup, trusted browsers), the
# admin (admin.py, apps.py and models.py verbose names) and allauth's layout, which
# marketplace/templates/allauth/layouts/base.html replaces.
OFF_FEATURES = re.compile(
    r"_code|phone|by_passkey|mfa/trust\.html|^(account|mfa)/(admin|apps|models)\.py$"
    r"|allauth/layouts/base\.html"
)
# The same features' messages in files shared with enabled ones (forms.py, login.html).
OFF_MESSAGES = re.compile(r"\b[Pp]hone\b|sign-in code|[Ss]ign up using a passkey")


@dataclass(frozen=True)
class Shown:
    package: str  # "django" or "allauth"
    catalog: str  # catalog root inside the package
    msgid: str
    plural: str | None


def _root(package: str) -> Path:
    return DJANGO_ROOT if package == "django" else ALLAUTH_ROOT


def _is_shown(locations, paths: tuple[str, ...]) -> bool:
    for filename, _line in locations:
        if OFF_FEATURES.search(filename):
            continue
        for path in paths:
            if filename == path or (path.endswith("/") and filename.startswith(path)):
                return True
    return False


@cache
def _read(path: Path):
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


@cache
def shown_messages() -> tuple[Shown, ...]:
    found: dict[str, Shown] = {}
    for package, catalog_root, paths in SOURCES:
        english = _read(_root(package) / catalog_root / "en" / "LC_MESSAGES" / "django.po")
        for message in english:
            if not message.id or message.context or not _is_shown(message.locations, paths):
                continue
            msgid = message.id[0] if message.pluralizable else message.id
            if msgid in ADMIN_ONLY or OFF_MESSAGES.search(msgid):
                continue
            only_db = all(f.startswith("db/") for f, _ in message.locations)
            if package == "django" and only_db and not _DB_ERROR.search(msgid):
                continue
            plural = message.id[1] if message.pluralizable else None
            found.setdefault(msgid, Shown(package, catalog_root, msgid, plural))
    return tuple(found.values())


def is_translation(code: str, message) -> bool:
    """A catalog entry that translates its message: present, not fuzzy, every plural
    form filled and none a copy of the English (beyond the allow-lists)."""
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    if not all(strings):
        return False
    return may_equal_english(code, ids[0]) or not any(s in ids for s in strings)


@cache
def _catalogs_before_ours(code: str) -> tuple[dict, ...]:
    """The compiled catalogs Django merges for ``code`` other than ours, highest
    precedence first: the site's own (LOCALE_PATHS before ours), the installed apps in
    INSTALLED_APPS order (the first app's translation wins, e.g. wagtail's id catalog
    repeats "Username" ahead of allauth's), then Django's. Found as Django finds them
    (gettext.find, which also tries id_ID for id)."""
    from django.apps import apps
    from django.conf import settings

    dirs = [Path(d) for d in settings.LOCALE_PATHS if Path(d) != THIRD_PARTY_LOCALE]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    dirs.append(DJANGO_ROOT / "conf" / "locale")
    found = []
    for localedir in dirs:
        mo = gettext.find("django", str(localedir), [to_locale(code)])
        if mo:
            with open(mo, "rb") as handle:
                found.append(gettext.GNUTranslations(handle)._catalog)
    return tuple(found)


def translated_elsewhere(code: str, shown: Shown) -> bool:
    """Whether a page already shows the message translated without our catalog: the
    first catalog holding it (in Django's precedence) has a translation, not the English."""
    key = (shown.msgid, 0) if shown.plural else shown.msgid
    for catalog in _catalogs_before_ours(code):
        if key in catalog:
            strings = [catalog[key]]
            if shown.plural:
                strings = [catalog[k] for k in ((shown.msgid, n) for n in range(6)) if k in catalog]
            copies = any(s in (shown.msgid, shown.plural) for s in strings)
            wanted = (placeholders(shown.msgid), placeholders(shown.plural or ""))
            # Shipped catalogs have translations that lost or invented a placeholder
            # (allauth's th and zh_Hans): a page would show "%(email)s" or crash.
            broken = any(placeholders(s) not in wanted for s in strings)
            return (
                all(strings) and not broken and (not copies or may_equal_english(code, shown.msgid))
            )
    return False


def needed(code: str) -> list[Shown]:
    """The shown messages this project's third-party catalog must translate for ``code``
    (codes and punctuation need no entry: the English fallback shows them)."""
    return [
        shown
        for shown in shown_messages()
        if shown.msgid not in SAME_EVERYWHERE and not translated_elsewhere(code, shown)
    ]


def catalog_path(code: str) -> Path:
    return THIRD_PARTY_LOCALE / django_locale_name(code) / "LC_MESSAGES" / "django.po"


_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w+\}")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


@cache
def plural_count(code: str) -> int:
    from babel import Locale
    from babel.messages.plurals import get_plural

    from i18n.languages import BY_CODE

    return get_plural(Locale.parse(BY_CODE[code].babel_locale)).num_plurals


def entry_problems(code: str, shown: Shown, given, forms: int) -> str | None:
    """Why a translation cannot stand (None when it can): plural forms, placeholders,
    a copy of the English."""
    strings = given if isinstance(given, tuple) else (given,)
    if shown.plural and len(strings) != forms:
        return f"{len(strings)} plural forms, the language has {forms}"
    if not shown.plural and isinstance(given, tuple):
        return "plural forms for a singular message"
    if not all(strings):
        return "empty form"
    wanted = placeholders(shown.msgid)
    for string in strings:
        # A one-form language writes the plural text's count (%d) like the singular's.
        if placeholders(string) != wanted and (
            not shown.plural or placeholders(string) != placeholders(shown.plural)
        ):
            return f"placeholders {placeholders(string)} differ from {wanted}"
        if string in (shown.msgid, shown.plural) and not may_equal_english(code, shown.msgid):
            return "English copy"
    return None
