"""Backup sets: refused when tampered or when the target is in use, and the restore drill.

pg_dump reads committed data from its own connection, so these tests commit
(``transaction=True``); the drill restores into a scratch database of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import uuid
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO

import psycopg
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from catalog.evidence.services import evidence_deposit_bytes
from catalog.models import Party
from catalog.registration.models import Certificate
from finance.ledger.selectors import trial_balance_rows
from finance.ledger.services import account_for, journal_post
from licensing.royalties.exports import statement_pdf
from licensing.royalties.models import Statement
from licensing.royalties.services import statements_close_for_licensee
from marketplace.backup.sets import MANIFEST
from marketplace.listings.services import ListingInput, listing_create, listing_publish
from marketplace.search import indexing
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import index_alias
from marketplace.search.query import search_listings
from tests.factories.catalog import make_party
from tests.factories.pledges import Holder
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.factories.uploads import isolate_storage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def files(settings, tmp_path):
    return isolate_storage(settings, tmp_path / "files")


@pytest.fixture
def backup_set(files, tmp_path):
    make_party(name="Backed-up party")
    storages["default"].save("contracts/c-1.pdf", ContentFile(b"%PDF contract"))
    storages["public"].save("images/logo.png", ContentFile(b"png bytes"))
    out = StringIO()
    call_command("backup", "--to", str(tmp_path / "backups"), "--no-progress", stdout=out)
    return next((tmp_path / "backups").iterdir())


def restore(path, *extra):
    call_command("restore", "--from", str(path), "--no-progress", *extra, stdout=StringIO())


def test_the_manifest_lists_the_dump_and_every_file_with_its_hash(backup_set):
    manifest = json.loads((backup_set / MANIFEST).read_text())
    assert manifest["database"] == connection.settings_dict["NAME"]
    assert (
        manifest["dump"]["sha256"]
        == hashlib.sha256((backup_set / "database.dump").read_bytes()).hexdigest()
    )
    assert {(f["storage"], f["name"]) for f in manifest["files"]} == {
        ("private", "contracts/c-1.pdf"),
        ("public", "images/logo.png"),
    }
    assert manifest["created_at"] and manifest["app_version"]


@pytest.mark.parametrize(
    "tamper, reason",
    [
        (lambda s: (s / "private/contracts/c-1.pdf").write_bytes(b"forged"), "does not match"),
        (lambda s: (s / "private/contracts/c-1.pdf").unlink(), "is missing"),
        (lambda s: (s / "public/images/extra.png").write_bytes(b"x"), "is not in the manifest"),
        (lambda s: (s / "database.dump").write_bytes(b"x"), "database.dump does not match"),
        (
            lambda s: (s / MANIFEST).write_text((s / MANIFEST).read_text().replace("c-1", "c-2")),
            "was changed after the backup",
        ),
    ],
)
def test_a_tampered_or_incomplete_set_is_refused_and_nothing_changes(backup_set, tamper, reason):
    tamper(backup_set)
    storages["default"].save("contracts/later.pdf", ContentFile(b"written after the backup"))
    parties = Party.objects.count()
    with pytest.raises(CommandError, match=reason):
        restore(backup_set, "--force")
    assert Party.objects.count() == parties
    assert storages["default"].open("contracts/later.pdf").read() == b"written after the backup"


def test_a_database_in_use_is_refused_without_force(backup_set):
    with pytest.raises(CommandError, match="refusing to restore over a system in use"):
        restore(backup_set)
    assert Party.objects.filter(name="Backed-up party").exists()


def test_force_replaces_a_database_in_use_with_the_set(backup_set):
    make_party(name="Written after the backup")
    restore(backup_set, "--force")
    names = set(Party.objects.values_list("name", flat=True))
    assert "Backed-up party" in names and "Written after the backup" not in names
    assert storages["default"].open("contracts/c-1.pdf").read() == b"%PDF contract"


# --- the drill ------------------------------------------------------------------------------------


@contextlib.contextmanager
def empty_database() -> Iterator[str]:
    """A new, empty database on the same server; the default connection points at it."""
    original = connection.settings_dict["NAME"]
    name = f"{original[:40]}_drill_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    conninfo = {k: v for k, v in params.items() if k in ("host", "port", "user", "password") and v}
    with psycopg.connect(dbname="postgres", autocommit=True, **conninfo) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        connection.close()
        connection.settings_dict["NAME"] = name
        try:
            yield name
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            ContentType.objects.clear_cache()
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def seed(tmp_path) -> dict:
    holder = Holder()
    work = holder.work(titles={"en": "Lanterns over the Backup River"})
    evidence_deposit_bytes(kind="test", subject="drill:1", data=b"a signed letter")
    listing = listing_create(
        work=work,
        user=holder.user,
        data=ListingInput(
            right_types=["translation"],
            territories=["VN"],
            languages=["vi"],
            currency="USD",
            headlines={"en": "Lanterns over the Backup River"},
        ),
    )
    listing_publish(listing=listing, user=holder.user)
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, period="2027-Q1")])
    statements = statements_close_for_licensee(licensee=deal.licensee, period="2027-Q1")
    buyer, seller = make_party(name="Buyer"), make_party(name="Seller")
    for n in range(3):
        journal_post(
            memo=f"drill {n}",
            idempotency_key=f"drill-{n}",
            lines=[
                (account_for(party=buyer, kind="receivable", currency="USD"), Decimal("10.00")),
                (account_for(party=seller, kind="payable", currency="USD"), Decimal("-10.00")),
            ],
        )
    return {"listing": listing.pk, "statements": [s.pk for s in statements]}


def snapshot(seeded: dict) -> dict:
    return {
        "trial_balance": trial_balance_rows(),
        "certificates": {
            c.pdf.name: hashlib.sha256(c.pdf.read()).hexdigest() for c in Certificate.objects.all()
        },
        "statements": {
            pk: hashlib.sha256(statement_pdf(Statement.objects.get(pk=pk))).hexdigest()
            for pk in seeded["statements"]
        },
    }


def found(listing_id: int) -> bool:
    ensure_connection().indices.refresh(index=index_alias())
    hits = search_listings(q="Lanterns Backup River", lang="en").hits
    return listing_id in [hit.listing_id for hit in hits]


@pytest.mark.slow
def test_drill_backup_destroy_restore(files, tmp_path, settings, celery_eager, fast_pdf):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    seeded = seed(tmp_path)
    before = snapshot(seeded)
    assert before["certificates"] and before["statements"] and before["trial_balance"]
    assert found(seeded["listing"])
    call_command("verify_evidence", "--no-progress", stdout=StringIO())

    call_command("backup", "--to", str(tmp_path / "backups"), "--no-progress", stdout=StringIO())
    backup_set = next((tmp_path / "backups").iterdir())

    # Losing the machine: the files, the search index and (below) the database are gone.
    shutil.rmtree(files)
    indexing.drop_indices()
    with empty_database():
        restore(tmp_path / "backups")  # the newest set in the directory

        out = StringIO()
        call_command("verify_evidence", "--no-progress", stdout=out)
        assert "evidence chain intact" in out.getvalue()
        assert snapshot(seeded) == before
        assert found(seeded["listing"])
        assert (files / "default").exists() and backup_set.exists()
    indexing.drop_indices()
