"""Deal terms: the one shape offers, contracts, invoices and royalties share.

An offer version, a contract version and a royalty calculation all read the
same ``Terms``. They are frozen values: a counter-offer is a new ``Terms``,
never an edit. ``Terms.from_dict`` is the only way in from user input or
JSON and reports every problem with a field path (``rights.0.end``,
``royalty_rates.1.rate``) so forms can put the message next to the field.

Money amounts are Decimal strings in the contract currency; rates are
percentages (``Decimal("12.5")`` is 12.5 %), except a ``per_unit`` rate,
which is an amount of the contract currency per unit sold.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.money import round_money, validate_currency
from catalog.services import validate_language
from catalog.territories import expand, validate_territory
from catalog.vocabulary import RightType


class Channel(models.TextChoices):
    """Where (through whom, on what terms) a copy reached its buyer — never what the copy
    is: that is its ``Format``. A hardback sold in a bookshop is retail + hardback; an
    e-book lent by a library is library + ebook."""

    ANY = "*", gettext_lazy("Any channel")
    RETAIL = "retail", gettext_lazy("Retail (shops)")
    ONLINE = "online", gettext_lazy("Online retail")
    LIBRARY = "library", gettext_lazy("Library")
    EDUCATION = "education", gettext_lazy("Education and institutions")
    BOOK_CLUB = "book_club", gettext_lazy("Book club")
    DIRECT = "direct", gettext_lazy("Direct sales")
    SPECIAL_SALES = "special_sales", gettext_lazy("Special sales")
    SUBSCRIPTION = "subscription", gettext_lazy("Subscription")
    STREAMING = "streaming", gettext_lazy("Streaming")
    DOWNLOAD = "download", gettext_lazy("Download")
    BROADCAST = "broadcast", gettext_lazy("Broadcast")
    THEATRICAL = "theatrical", gettext_lazy("Theatrical")
    PERFORMANCE = "performance", gettext_lazy("Public performance")
    SYNC = "sync", gettext_lazy("Synchronisation")
    MERCHANDISE = "merchandise", gettext_lazy("Merchandise")
    OTHER = "other", gettext_lazy("Other")


class Format(models.TextChoices):
    """What was sold or used: the product's form, whatever the channel."""

    ANY = "*", gettext_lazy("Any format")
    HARDBACK = "hardback", gettext_lazy("Hardback")
    PAPERBACK = "paperback", gettext_lazy("Paperback")
    EBOOK = "ebook", gettext_lazy("E-book")
    AUDIOBOOK = "audiobook", gettext_lazy("Audiobook")
    COMIC_ISSUE = "comic_issue", gettext_lazy("Comic issue")
    GRAPHIC_NOVEL = "graphic_novel", gettext_lazy("Graphic novel / collected volume")
    MAGAZINE = "magazine", gettext_lazy("Magazine or serial")
    SINGLE = "single", gettext_lazy("Single")
    EP = "ep", gettext_lazy("EP")
    ALBUM = "album", gettext_lazy("Album")
    TRACK = "track", gettext_lazy("Track")
    MUSIC_VIDEO = "music_video", gettext_lazy("Music video")
    FILM = "film", gettext_lazy("Film")
    EPISODE = "episode", gettext_lazy("Episode")
    GAME = "game", gettext_lazy("Game")
    ART_PRINT = "art_print", gettext_lazy("Art print")
    OBJECT = "object", gettext_lazy("Object or product")


# Before channels and formats were split (royalties migration 0011), the channel list
# held three formats. What each meant on a usage line or a rate, as (channel, format):
# the data migration, the import of an old-style file and the reading of an offer made
# before the split (offer versions are immutable) all use it, so they agree — and a
# migrated rate applies to migrated usage exactly as before ("ebook" 25 % and
# "audiobook" 20 % stay apart as online + ebook and online + audiobook).
LEGACY_CHANNELS = {
    "print": ("retail", ""),
    "ebook": ("online", "ebook"),
    "audiobook": ("online", "audiobook"),
}
# In a right's media the old values licensed a product, sold anywhere: formats.
LEGACY_MEDIA_FORMATS = {
    "print": ("hardback", "paperback", "comic_issue", "graphic_novel", "magazine"),
    "ebook": ("ebook",),
    "audiobook": ("audiobook",),
}


def legacy_media(
    media: tuple[str, ...], formats: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A right's (media, formats) with the old format-channels translated: media of old
    values only become formats (every channel licensed); mixed with real channels, they
    become the channels they were sold through and no format is restricted."""
    old = [m for m in media if m in LEGACY_MEDIA_FORMATS]
    if not old:
        return media, formats
    kept = tuple(m for m in media if m not in LEGACY_MEDIA_FORMATS)
    if not kept:
        implied = (f for m in old for f in LEGACY_MEDIA_FORMATS[m])
        return (), tuple(dict.fromkeys((*formats, *implied)))
    channels = (LEGACY_CHANNELS[m][0] for m in old)
    return tuple(dict.fromkeys((*kept, *channels))), formats


def legacy_rate(channel: str, format: str) -> tuple[str, str]:
    """A rate's (channel, format) with an old format-channel translated."""
    if channel not in LEGACY_CHANNELS:
        return channel, format
    new_channel, implied = LEGACY_CHANNELS[channel]
    return new_channel, implied if format == "*" and implied else format


class RateBasis(models.TextChoices):
    # xgettext:no-python-format
    LIST_PRICE = "list_price", gettext_lazy("% of list price")
    # xgettext:no-python-format
    NET_RECEIPTS = "net_receipts", gettext_lazy("% of net receipts")
    PER_UNIT = "per_unit", gettext_lazy("Fixed amount per unit")


class PaymentKind(models.TextChoices):
    FLAT_FEE = "flat_fee", gettext_lazy("Flat fee")
    ADVANCE = "advance", gettext_lazy("Advance")
    MINIMUM_GUARANTEE = "minimum_guarantee", gettext_lazy("Minimum-guarantee top-up")


class PaymentTrigger(models.TextChoices):
    SIGNATURE = "signature", gettext_lazy("On signature")
    DATE = "date", gettext_lazy("On a date")


class ReportingPeriod(models.TextChoices):
    MONTHLY = "monthly", gettext_lazy("Monthly")
    QUARTERLY = "quarterly", gettext_lazy("Quarterly")
    SEMIANNUAL = "semiannual", gettext_lazy("Half-yearly")
    ANNUAL = "annual", gettext_lazy("Yearly")


@dataclass(frozen=True)
class RightTerms:
    right_type: str
    territories: tuple[str, ...]
    languages: tuple[str, ...]
    start: dt.date
    end: dt.date  # last day included
    exclusive: bool
    excluded_territories: tuple[str, ...] = ()
    media: tuple[str, ...] = ()  # channels licensed; none named: every channel
    formats: tuple[str, ...] = ()  # formats licensed; none named: every format

    def countries(self) -> frozenset[str]:
        return frozenset(expand(self.territories, self.excluded_territories))


@dataclass(frozen=True)
class Escalator:
    """From the unit after ``above_units`` cumulative units, ``rate`` applies."""

    above_units: int
    rate: Decimal


@dataclass(frozen=True)
class RoyaltyRate:
    channel: str
    basis: str
    rate: Decimal
    territory: str = "*"  # a country code, or * for all
    format: str = "*"
    escalators: tuple[Escalator, ...] = ()

    def rate_for_cumulative(self, units_before: int) -> Decimal:
        """The rate for the unit that follows ``units_before`` units already sold."""
        rate = self.rate
        for step in self.escalators:  # validated ascending
            if units_before >= step.above_units:
                rate = step.rate
        return rate


@dataclass(frozen=True)
class Installment:
    kind: str
    amount: Decimal
    trigger: str = PaymentTrigger.SIGNATURE
    due: dt.date | None = None


@dataclass(frozen=True)
class Terms:
    rights: tuple[RightTerms, ...]
    currency: str
    flat_fee: Decimal = Decimal(0)
    advance: Decimal = Decimal(0)
    minimum_guarantee: Decimal = Decimal(0)
    royalty_rates: tuple[RoyaltyRate, ...] = ()
    payment_schedule: tuple[Installment, ...] = ()
    reporting_period: str = ReportingPeriod.QUARTERLY
    reserve_percent: Decimal = Decimal(0)  # held against returns
    reserve_periods: int = 0  # liquidated after this many periods
    notes: str = ""

    # --- (de)serialisation --------------------------------------------------
    def to_dict(self) -> dict:
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict) -> Terms:
        return _TermsParser(data).parse()

    # --- reading ------------------------------------------------------------
    @property
    def any_exclusive(self) -> bool:
        return any(r.exclusive for r in self.rights)

    def installments(self) -> tuple[Installment, ...]:
        """The payment schedule; if none was written, fee and advance fall due on signature."""
        if self.payment_schedule:
            return self.payment_schedule
        implied = [
            Installment(PaymentKind.FLAT_FEE, self.flat_fee),
            Installment(PaymentKind.ADVANCE, self.advance),
        ]
        return tuple(item for item in implied if item.amount > 0)

    def diff(self, other: Terms) -> list[tuple[str, object, object]]:
        """(field path, old, new) for every leaf that differs from ``other`` (older)."""
        return _diff("", other.to_dict(), self.to_dict())


def _jsonable(value):
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _diff(prefix: str, old, new) -> list[tuple[str, object, object]]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in sorted(set(old) | set(new), key=str):
            changes += _diff(f"{prefix}.{key}" if prefix else str(key), old.get(key), new.get(key))
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for i in range(max(len(old), len(new))):
            changes += _diff(
                f"{prefix}.{i}",
                old[i] if i < len(old) else None,
                new[i] if i < len(new) else None,
            )
        return changes
    return [] if old == new else [(prefix, old, new)]


class _TermsParser:
    """Collects every field error before raising, so a form shows them all at once."""

    def __init__(self, data: dict):
        self.data = data or {}
        self.errors: dict[str, list[str]] = {}

    def error(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def parse(self) -> Terms:
        d = self.data
        currency = self.guard("currency", lambda: validate_currency(d.get("currency", "")))
        rights = tuple(
            r
            for i, raw in enumerate(d.get("rights") or [])
            if (r := self.right(f"rights.{i}", raw)) is not None
        )
        if not d.get("rights"):
            self.error("rights", _("name at least one right"))
        money = {}
        for name in ("flat_fee", "advance", "minimum_guarantee"):
            money[name] = self.amount(name, d.get(name, "0"), currency)
        rates = tuple(
            r
            for i, raw in enumerate(d.get("royalty_rates") or [])
            if (r := self.rate(f"royalty_rates.{i}", raw, currency)) is not None
        )
        schedule = tuple(
            p
            for i, raw in enumerate(d.get("payment_schedule") or [])
            if (p := self.installment(f"payment_schedule.{i}", raw, currency)) is not None
        )
        reporting = d.get("reporting_period", ReportingPeriod.QUARTERLY)
        if reporting not in ReportingPeriod.values:
            self.error(
                "reporting_period",
                _("“%(value)s” is not a reporting period") % {"value": reporting},
            )
        reserve = self.percent("reserve_percent", d.get("reserve_percent", "0"))
        reserve_periods = self.integer("reserve_periods", d.get("reserve_periods", 0))
        if self.errors:
            raise ValidationError(self.errors)
        return Terms(
            rights=rights,
            currency=currency,
            royalty_rates=rates,
            payment_schedule=schedule,
            reporting_period=reporting,
            reserve_percent=reserve,
            reserve_periods=reserve_periods,
            notes=str(d.get("notes", ""))[:5000],
            **money,
        )

    def guard(self, path: str, fn):
        try:
            return fn()
        except ValidationError as exc:
            for message in exc.messages:
                self.error(path, message)
            return None

    def right(self, path: str, raw: dict) -> RightTerms | None:
        before = len(self.errors)
        right_type = raw.get("right_type", "")
        if right_type not in RightType.values:
            self.error(
                f"{path}.right_type", _("“%(value)s” is not a right type") % {"value": right_type}
            )
        territories = tuple(
            t
            for t in (
                self.guard(f"{path}.territories", lambda c=c: validate_territory(c))
                for c in raw.get("territories") or []
            )
            if t
        )
        if not raw.get("territories"):
            self.error(f"{path}.territories", _("name at least one territory"))
        excluded = tuple(
            t
            for t in (
                self.guard(f"{path}.excluded_territories", lambda c=c: validate_territory(c))
                for c in raw.get("excluded_territories") or []
            )
            if t
        )
        languages = tuple(
            sorted(
                {
                    lang
                    for lang in (
                        self.guard(f"{path}.languages", lambda c=c: validate_language(c))
                        for c in raw.get("languages") or []
                    )
                    if lang
                }
            )
        )
        if not raw.get("languages"):
            self.error(f"{path}.languages", _("name at least one language"))
        start = self.date(f"{path}.start", raw.get("start"))
        end = self.date(f"{path}.end", raw.get("end"))
        if start and end and end < start:
            self.error(
                f"{path}.end",
                _("end %(end)s is before start %(start)s") % {"end": end, "start": start},
            )
        if territories and not expand(territories, excluded):
            self.error(f"{path}.excluded_territories", _("the exclusions leave no country"))
        media, formats = legacy_media(
            tuple(dict.fromkeys(str(m) for m in raw.get("media") or [])),
            tuple(dict.fromkeys(str(f) for f in raw.get("formats") or [])),
        )
        for value in media:
            if value == "*" or value not in Channel.values:
                self.error(
                    f"{path}.media", _("“%(value)s” is not a sales channel") % {"value": value}
                )
        for value in formats:
            if value == "*" or value not in Format.values:
                self.error(f"{path}.formats", _("“%(value)s” is not a format") % {"value": value})
        if len(self.errors) > before:
            return None
        return RightTerms(
            right_type=right_type,
            territories=territories,
            languages=languages,
            start=start,
            end=end,
            exclusive=bool(raw.get("exclusive")),
            excluded_territories=excluded,
            media=media,
            formats=formats,
        )

    def rate(self, path: str, raw: dict, currency: str | None) -> RoyaltyRate | None:
        before = len(self.errors)
        channel, format = legacy_rate(raw.get("channel", "*"), str(raw.get("format") or "*"))
        if channel not in Channel.values:
            self.error(
                f"{path}.channel", _("“%(value)s” is not a sales channel") % {"value": channel}
            )
        basis = raw.get("basis", RateBasis.NET_RECEIPTS)
        if basis not in RateBasis.values:
            self.error(f"{path}.basis", _("“%(value)s” is not a rate basis") % {"value": basis})
        if basis == RateBasis.PER_UNIT:
            rate = self.amount(f"{path}.rate", raw.get("rate"), currency)
        else:
            rate = self.percent(f"{path}.rate", raw.get("rate"))
        if format not in Format.values:
            self.error(f"{path}.format", _("“%(value)s” is not a format") % {"value": format})
        territory = (raw.get("territory") or "*").upper()
        if territory != "*":
            self.guard(f"{path}.territory", lambda: validate_territory(territory))
        escalators = []
        last = -1
        for j, step in enumerate(raw.get("escalators") or []):
            above = self.integer(f"{path}.escalators.{j}.above_units", step.get("above_units"))
            if basis == RateBasis.PER_UNIT:
                step_rate = self.amount(f"{path}.escalators.{j}.rate", step.get("rate"), currency)
            else:
                step_rate = self.percent(f"{path}.escalators.{j}.rate", step.get("rate"))
            if above is not None and above <= last:
                self.error(f"{path}.escalators.{j}.above_units", _("thresholds must rise"))
            if above is not None:
                last = above
            escalators.append(Escalator(above or 0, step_rate or Decimal(0)))
        if len(self.errors) > before:
            return None
        return RoyaltyRate(
            channel=channel,
            basis=basis,
            rate=rate,
            territory=territory,
            format=format,
            escalators=tuple(escalators),
        )

    def installment(self, path: str, raw: dict, currency: str | None) -> Installment | None:
        before = len(self.errors)
        kind = raw.get("kind", "")
        if kind not in PaymentKind.values:
            self.error(f"{path}.kind", _("“%(value)s” is not a payment kind") % {"value": kind})
        amount = self.amount(f"{path}.amount", raw.get("amount"), currency)
        if amount is not None and amount <= 0:
            self.error(f"{path}.amount", _("an instalment must be more than zero"))
        trigger = raw.get("trigger", PaymentTrigger.SIGNATURE)
        if trigger not in PaymentTrigger.values:
            self.error(
                f"{path}.trigger", _("“%(value)s” is not a payment trigger") % {"value": trigger}
            )
        due = self.date(f"{path}.due", raw.get("due")) if raw.get("due") else None
        if trigger == PaymentTrigger.DATE and due is None:
            self.error(f"{path}.due", _("a dated instalment needs a due date"))
        if len(self.errors) > before:
            return None
        return Installment(kind=kind, amount=amount, trigger=trigger, due=due)

    def decimal(self, path: str, raw) -> Decimal | None:
        try:
            value = Decimal(str(raw).strip().replace(",", ""))
        except (InvalidOperation, TypeError):
            self.error(path, _("“%(value)s” is not a number") % {"value": raw})
            return None
        if not value.is_finite():
            self.error(path, _("“%(value)s” is not a number") % {"value": raw})
            return None
        return value

    def percent(self, path: str, raw) -> Decimal | None:
        value = self.decimal(path, raw)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            self.error(path, _("%(value)s %% is outside 0–100 %%") % {"value": value})
            return None
        return value

    def amount(self, path: str, raw, currency: str | None) -> Decimal | None:
        value = self.decimal(path, raw if raw not in (None, "") else "0")
        if value is None:
            return None
        if value < 0:
            self.error(path, _("an amount cannot be negative"))
            return None
        if currency and round_money(value, currency) != value:
            self.error(
                path,
                _("%(value)s has more decimals than %(currency)s allows")
                % {"value": value, "currency": currency},
            )
            return None
        return value

    def integer(self, path: str, raw) -> int | None:
        try:
            value = int(raw)
        except (TypeError, ValueError):
            self.error(path, _("“%(value)s” is not a whole number") % {"value": raw})
            return None
        if value < 0:
            self.error(path, _("cannot be negative"))
            return None
        return value

    def date(self, path: str, raw) -> dt.date | None:
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except (TypeError, ValueError):
            self.error(path, _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": raw})
            return None
