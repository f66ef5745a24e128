"""Channels and formats split (licensing.terms.Channel / Format, docs/royalties.md).

Stored values of the old channel list that are formats (print, ebook, audiobook) become
a channel and a format as ``licensing.terms.LEGACY_CHANNELS`` says, on usage lines, held
(out-of-licence) and unmatched lines, and in contracts' rates; a right's media naming
them becomes formats (``legacy_media``), and grants' media the same. Free-text formats
the built-in vocabulary knows ("Hardcover", "epub") become format codes; others stay as
written. Statement lines of closed statements are documents already issued and are not
rewritten (the database refuses it); offer versions are immutable too and are read
through the same translation (``Terms.from_dict``).
"""

from django.db import migrations

from licensing.royalties.vocabulary import FORMAT, builtin_lookup
from licensing.terms import LEGACY_CHANNELS, Format, legacy_media, legacy_rate

LINE_TABLES = ("royalties_usageline", "royalties_outoflicenceline", "royalties_unmatchedline")


def lines_forward(cursor) -> None:
    for table in LINE_TABLES:
        for old, (channel, implied) in LEGACY_CHANNELS.items():
            cursor.execute(
                f"""UPDATE {table} SET channel = %s,
                           format = CASE WHEN format = '' THEN %s ELSE format END
                     WHERE channel = %s""",  # noqa: S608 (module constants)
                [channel, implied, old],
            )
        cursor.execute(f"SELECT DISTINCT format FROM {table} WHERE format <> ''")  # noqa: S608
        for (written,) in cursor.fetchall():
            code = written if written in Format.values else builtin_lookup(FORMAT, written)
            if code and code != written:
                cursor.execute(
                    f"UPDATE {table} SET format = %s WHERE format = %s",  # noqa: S608
                    [code, written],
                )


def terms_forward(terms: dict) -> dict | None:
    """The terms rewritten, or None when nothing in them is an old value."""
    changed = False
    rates = []
    for rate in terms.get("royalty_rates") or []:
        channel, format = rate.get("channel", "*"), str(rate.get("format") or "*")
        new_channel, new_format = legacy_rate(channel, format)
        if new_format not in Format.values:
            new_format = builtin_lookup(FORMAT, new_format) or new_format
        changed |= (new_channel, new_format) != (channel, format)
        rates.append({**rate, "channel": new_channel, "format": new_format})
    rights = []
    for right in terms.get("rights") or []:
        media = tuple(right.get("media") or ())
        formats = tuple(right.get("formats") or ())
        new_media, new_formats = legacy_media(media, formats)
        changed |= (new_media, new_formats) != (media, formats)
        rights.append({**right, "media": list(new_media), "formats": list(new_formats)})
    if not changed:
        return None
    return {**terms, "royalty_rates": rates, "rights": rights}


def forward(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        lines_forward(cursor)
    Contract = apps.get_model("contracts", "Contract")
    for contract in Contract.objects.only("pk", "terms").iterator():
        terms = terms_forward(contract.terms or {})
        if terms is not None:
            Contract.objects.filter(pk=contract.pk).update(terms=terms)
    Grant = apps.get_model("licensing", "Grant")
    for grant in Grant.objects.filter(media__overlap=list(LEGACY_CHANNELS)).only("pk", "media"):
        media, _formats = legacy_media(tuple(grant.media), ())
        Grant.objects.filter(pk=grant.pk).update(media=list(media))


class Migration(migrations.Migration):
    dependencies = [
        ("royalties", "0010_value_maps_and_unmapped_rows"),
        ("contracts", "0001_initial"),
        ("licensing", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
