"""Shared vocabulary of the catalog (ARCHITECTURE.md, "Domain vocabulary")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkType(models.TextChoices):
    LITERARY = "literary", _("Literary work")
    COMIC = "comic", _("Comic / manhua")
    MUSIC = "music", _("Music")
    AUDIOVISUAL = "audiovisual", _("Audiovisual")
    FINE_ART = "fine_art", _("Fine art")
    CRAFT = "craft", _("Craft / textile pattern")
    PHOTOGRAPHY = "photography", _("Photography")
    OTHER = "other", _("Other")


class RightType(models.TextChoices):
    TRANSLATION = "translation", _("Translation")
    REPRINT = "reprint", _("Reprint")
    AUDIO = "audio", _("Audio")
    EBOOK = "ebook", _("E-book")
    ADAPTATION = "adaptation", _("Film/TV adaptation")
    MERCHANDISING = "merchandising", _("Merchandising")
    SYNC = "sync", _("Sync")
    MECHANICAL = "mechanical", _("Mechanical")
    PERFORMANCE = "performance", _("Public performance")
    STREAMING = "streaming", _("Digital streaming")
    EXHIBITION = "exhibition", _("Exhibition")


# Ownership shares may be held on every right at once ("all") or per right.
ALL_RIGHTS = "all"
SHARE_RIGHT_CHOICES = [(ALL_RIGHTS, _("All rights")), *RightType.choices]


class PartyKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    COLLECTIVE = "collective", _("Community / collective")


class PartyCategory(models.TextChoices):
    PUBLISHER = "publisher", _("Publisher")
    LABEL = "label", _("Music label")
    STUDIO = "studio", _("Comic / animation studio")
    ARTISAN = "artisan", _("Craft artisan")
    CREATOR = "creator", _("Individual creator")
    PRODUCER = "producer", _("Film / TV producer")
    PLATFORM = "platform", _("Platform / distributor")
    BRAND = "brand", _("Brand / licensee")
    BANK = "bank", _("Bank / investor")
    COURT = "court", _("Court / authority")
    OTHER = "other", _("Other")


class CreatorRole(models.TextChoices):
    AUTHOR = "author", _("Author")
    ILLUSTRATOR = "illustrator", _("Illustrator")
    COMPOSER = "composer", _("Composer")
    LYRICIST = "lyricist", _("Lyricist")
    PERFORMER = "performer", _("Performer")
    DIRECTOR = "director", _("Director")
    DESIGNER = "designer", _("Designer")
    ARTIST = "artist", _("Artist")
    PHOTOGRAPHER = "photographer", _("Photographer")
    TRANSLATOR = "translator", _("Translator")


class IdentifierScheme(models.TextChoices):
    ISBN = "isbn", "ISBN"
    ISRC = "isrc", "ISRC"
    ISMN = "ismn", "ISMN"
    ISAN = "isan", "ISAN"
    ISWC = "iswc", "ISWC"


class SourceFlag(models.TextChoices):
    ORIGINAL = "original", _("Original creation")
    PUBLIC_DOMAIN = "public_domain", _("Based on a public-domain work")
    TRADITIONAL = "traditional", _("Based on traditional culture (folk art)")


class Zone(models.TextChoices):
    """Marketplace zones; each groups work types the way trade fairs do."""

    BOOKS = "books", _("Books")
    COMICS = "comics", _("Comics & animation")
    MUSIC = "music", _("Music")
    FILM = "film", _("Film & audiovisual")
    CRAFTS = "crafts", _("Crafts & cultural-creative")


ZONE_WORK_TYPES: dict[str, tuple[str, ...]] = {
    Zone.BOOKS: (WorkType.LITERARY,),
    Zone.COMICS: (WorkType.COMIC,),
    Zone.MUSIC: (WorkType.MUSIC,),
    Zone.FILM: (WorkType.AUDIOVISUAL,),
    Zone.CRAFTS: (WorkType.CRAFT, WorkType.FINE_ART, WorkType.PHOTOGRAPHY, WorkType.OTHER),
}
