"""The availability check as a command, as an API endpoint, and in the search index."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.services import WorkInput, work_create
from licensing.availability import granted_cells, unsellable_cells
from licensing.services import grant_write
from marketplace.listings.models import Exclusivity
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = dt.date.today()


@pytest.fixture
def holder_user(db):
    return make_user()


@pytest.fixture
def work(holder_user):
    holder = make_party(country="CN", member=holder_user)
    work = work_create(holder=holder, data=work_input(identifiers=[("isbn", "978-7-02-000220-7")]))
    acquire_rights(work, user=holder_user)
    return work


@pytest.fixture
def granted(work):
    return grant_write(
        work=work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=D(2027, 1, 1),
        end=D(2031, 12, 31),
        exclusive=True,
        source_ref="LIC-2026-000042",
    )


def run(*args) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("check_availability", *args, stdout=out, stderr=err)
    return info.value.code, out.getvalue(), err.getvalue()


BASE = ["--right", "translation", "--from", "2027-01-01", "--to", "2031-12-31"]


def test_command_reports_each_conflict(work, granted):
    code, out, _ = run(
        "--work",
        str(work.pk),
        *BASE,
        "--territory",
        "VN",
        "--territory",
        "LA",
        "--language",
        "vi",
        "--language",
        "lo",
    )
    assert code == 1
    assert "available: no" in out
    assert f"contract LIC-2026-000042 grant {granted.pk} VN/vi 2027-01-01..2031-12-31" in out


def test_command_json_by_isbn_and_exit_code_zero(work, granted):
    code, out, _ = run(
        "--work",
        "9787020002207",
        *BASE,
        "--territory",
        "TH",
        "--language",
        "th",
        "--exclusive",
        "--json",
    )
    body = json.loads(out)
    assert code == 0
    assert body == {"available": True, "conflicts": [], "warnings": [], "work": work.pk}
    code, out, _ = run(
        "--work", "978-7-02-000220-7", *BASE, "--territory", "ASEAN", "--language", "vi", "--json"
    )
    body = json.loads(out)
    assert code == 1 and body["conflicts"][0]["source"] == "LIC-2026-000042"
    assert body["conflicts"][0]["to"] == "2031-12-31"


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--work", "999999", *BASE, "--territory", "VN", "--language", "vi"], "work"),
        (["--work", "{w}", *BASE, "--territory", "XX", "--language", "vi"], "territories"),
        (["--work", "{w}", *BASE, "--territory", "VN", "--language", "!!"], "languages"),
        (
            [
                "--work",
                "{w}",
                "--right",
                "telepathy",
                "--from",
                "2027-01-01",
                "--to",
                "2028-01-01",
                "--territory",
                "VN",
                "--language",
                "vi",
            ],
            "right_type",
        ),
        (
            [
                "--work",
                "{w}",
                "--right",
                "translation",
                "--from",
                "2027-01-01",
                "--to",
                "2026-01-01",
                "--territory",
                "VN",
                "--language",
                "vi",
            ],
            "end",
        ),
        (
            [
                "--work",
                "{w}",
                "--right",
                "translation",
                "--from",
                "soon",
                "--to",
                "2026-01-01",
                "--territory",
                "VN",
                "--language",
                "vi",
            ],
            "from",
        ),
    ],
)
def test_command_bad_input_exits_two_with_the_field(work, args, field):
    code, _, err = run(*[a.format(w=work.pk) for a in args])
    assert code == 2 and err.startswith(f"{field}:")


def test_api_answers_json(client, work, granted, holder_user):
    params = {
        "work": work.pk,
        "right": "translation",
        "territory": ["VN", "TH"],
        "language": "vi",
        "from": "2030-01-01",
        "to": "2030-12-31",
    }
    body = client.get("/api/v1/availability", params).json()
    assert body["available"] is False and body["conflicts"][0]["territory"] == "VN"
    assert "source" not in body["conflicts"][0]  # anonymous: no contract references
    client.force_login(holder_user)
    body = client.get("/api/v1/availability", params).json()
    assert body["conflicts"][0]["source"] == "LIC-2026-000042"
    assert body["conflicts"][0]["grant"] == granted.pk
    free = client.get("/api/v1/availability", {**params, "territory": "TH"}).json()
    assert free["available"] is True
    # a non-exclusive request is blocked by the exclusive grant, an exclusive one too
    blocked = client.get("/api/v1/availability", {**params, "exclusive": "1"}).json()
    assert blocked["available"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"from": "2031-01-01", "to": "2030-01-01"}, "to"),
        ({"territory": "XX"}, "territory"),
        ({"language": "!!"}, "language"),
        ({"right": "telepathy"}, "right"),
        ({"work": "abc"}, "work"),
        ({"from": "yesterday"}, "from"),
    ],
)
def test_api_bad_input_is_400_with_field_errors(client, work, change, field):
    params = {
        "work": work.pk,
        "right": "translation",
        "territory": "VN",
        "language": "vi",
        "from": "2030-01-01",
        "to": "2030-12-31",
        **change,
    }
    response = client.get("/api/v1/availability", params)
    assert response.status_code == 400 and field in response.json()["errors"]


def test_non_exclusive_grants_block_only_exclusive_only_listings(work):
    grant_write(
        work=work,
        licensee=make_party(country="TH"),
        right_type="translation",
        territories=["TH"],
        languages=["th"],
        start=TODAY,
        end=TODAY,
        exclusive=False,
    )
    grant_write(
        work=work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=TODAY,
        end=TODAY,
        exclusive=True,
    )
    cells = granted_cells([work.pk], on=TODAY)[work.pk]
    assert unsellable_cells(cells, exclusive_only=True) == {
        ("translation", "TH", "th"),
        ("translation", "VN", "vi"),
    }
    assert unsellable_cells(cells, exclusive_only=False) == {("translation", "VN", "vi")}


@pytest.fixture
def search_index(db, settings):
    from marketplace.search import indexing
    from marketplace.search.documents import index_alias

    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


def test_search_subtracts_non_exclusive_grants_from_exclusive_listings(search_index):
    from marketplace.listings.models import Listing, ListingStatus
    from marketplace.search import indexing
    from marketplace.search.connection import ensure_connection
    from marketplace.search.query import search_listings

    holder = make_party(country="CN")
    work = work_create(
        holder=holder,
        data=WorkInput(
            work_type="literary",
            original_title="长河落日",
            original_language="zh-hans",
            country_of_origin="CN",
            titles={"en": "Sunset"},
        ),
    )
    acquire_rights(work)
    listings = {
        kind: Listing.objects.create(
            work=work,
            seller=holder,
            zone="books",
            right_types=["translation"],
            territories=["VN", "TH"],
            languages=["vi"],
            currency="USD",
            exclusivity=kind,
            status=ListingStatus.PUBLISHED,
            headline_en=f"{kind} rights",
        )
        for kind in (Exclusivity.EXCLUSIVE, Exclusivity.NON_EXCLUSIVE, Exclusivity.EITHER)
    }
    grant_write(
        work=work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=TODAY,
        end=TODAY + dt.timedelta(days=30),
        exclusive=False,
    )
    indexing.index_listing_ids([x.pk for x in listings.values()])
    ensure_connection().indices.refresh(index=search_index)
    wanted = {"right": "translation", "territory": "VN", "language": "vi"}
    found = {hit.listing_id for hit in search_listings(filters=wanted).hits}
    assert found == {listings[Exclusivity.NON_EXCLUSIVE].pk, listings[Exclusivity.EITHER].pk}
    found_th = {
        hit.listing_id for hit in search_listings(filters={**wanted, "territory": "TH"}).hits
    }
    assert found_th == {x.pk for x in listings.values()}


def test_index_documents_carry_the_exclusively_licensed_flag(work):
    """grants_changed re-indexes the work's listings; their documents read the status flags."""
    from marketplace.listings.models import Listing, ListingStatus
    from marketplace.search.indexing import documents_for, listings_for_index

    listing = Listing.objects.create(
        work=work,
        seller=work.holder,
        zone="books",
        right_types=["translation"],
        territories=["VN"],
        languages=["vi"],
        currency="USD",
        status=ListingStatus.PUBLISHED,
        headline_en="rights",
    )
    (doc,) = documents_for(list(listings_for_index([listing.pk])))
    assert "exclusively_licensed" not in doc["flags"]
    grant_write(
        work=work,
        licensee=make_party(country="VN"),
        right_type="audio",
        territories=["TH"],
        languages=["th"],
        start=TODAY,
        end=TODAY,
        exclusive=True,
    )
    (doc,) = documents_for(list(listings_for_index([listing.pk])))
    assert "exclusively_licensed" in doc["flags"]
