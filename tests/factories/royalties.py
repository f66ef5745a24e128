"""Factories for usage and royalty tests: contracts built through the contract services."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path

from stdnum import ean

from catalog.services import CreatorInput, ShareInput, work_create
from finance.fx.services import fx_record
from licensing.royalties.readers import USAGE_COLUMNS
from licensing.royalties.services import royalty_setting_save, usage_import
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.contracts import Deal, make_terms
from tests.factories.rightsin import acquire_rights

_isbn = itertools.count(1)
HEADER = ["isbn", "title", "author", *USAGE_COLUMNS, "gross", "line_id"]


def isbn13(n: int) -> str:
    body = f"978{n:09d}"
    return body + ean.calc_check_digit(body)  # an ISBN-13 is an EAN-13


class RoyaltyDeal(Deal):
    """A Deal whose work has an ISBN, a named author and (optionally) a co-owner."""

    def __init__(self, *, co_owner_percent: Decimal | None = None, licensee_country="VN"):
        self.seller = make_user()
        self.buyer = make_user(language="vi")
        self.licensor = make_party(country="CN", name="长江文艺出版社", member=self.seller)
        self.licensee = make_party(
            country=licensee_country, name="Nhà xuất bản Trẻ", member=self.buyer
        )
        self.author = make_party(country="CN", name="王小明", kind="person", category="creator")
        self.isbn = isbn13(100_000 + next(_isbn))
        shares = None
        if co_owner_percent is not None:
            shares = [
                ShareInput(self.licensor, Decimal(100) - co_owner_percent),
                ShareInput(self.author, co_owner_percent),
            ]
        self.work = work_create(
            holder=self.licensor,
            data=work_input(
                identifiers=[("isbn", self.isbn)],
                creators=[CreatorInput(self.author, "author")],
                shares=shares,
                titles={"en": "The River Town Chronicles"},
                original_title="江城纪事",
            ),
        )
        acquire_rights(self.work, user=self.seller, acquired_from="王小明")
        self.licensee_language = "vi"

    def royalty_contract(self, **terms):
        terms.setdefault(
            "royalty_rates", [{"channel": "retail", "basis": "list_price", "rate": "10"}]
        )
        return self.active(make_terms(**terms))


def write_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in HEADER})
    return path


def row(deal: RoyaltyDeal, **overrides) -> dict:
    data = {
        "isbn": deal.isbn,
        "title": "The River Town Chronicles",
        "author": "王小明",
        "territory": "VN",
        "channel": "retail",
        "format": "paperback",
        "units": "10",
        "list_price": "12.50",
        "net_receipts": "60.00",
        "currency": "USD",
    }
    data.update(overrides)
    return data


def import_rows(
    tmp_path: Path, deal: RoyaltyDeal, contract, period: str, rows, *, name=None, replace=False
):
    path = write_csv(tmp_path / (name or f"{period}-{next(_isbn)}.csv"), rows)
    return usage_import(
        contract=contract, period=period, path=str(path), replace=replace, keep_file=False
    )


def usd_cny(rate="7.1234", on=dt.date(2027, 6, 30)):
    return fx_record(base="USD", quote="CNY", as_of=on, rate=Decimal(rate), source="Demo: PBOC")


def statements_in(party, currency="CNY"):
    return royalty_setting_save(party=party, statement_currency=currency)
