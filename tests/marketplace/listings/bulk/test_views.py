"""The bulk pages: from the seller's works list to a preview and one create."""

from __future__ import annotations

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.listings.models import Listing
from tests.factories.catalog import make_party, make_user
from tests.marketplace.listings.bulk.conftest import ISBNS

LINE = "translation; World ex US, CA; L ex en; exclusive; 2027-01-01..2031-12-31"


def test_seller_selects_works_and_gets_the_prefilled_grid(client, seller, works, stranger):
    client.force_login(seller[0])

    dashboard = client.get("/en/seller/").content.decode()
    assert 'data-testid="bulk-rights"' in dashboard
    assert f'name="work" value="{works[1].pk}"' in dashboard

    page = client.get(
        f"/en/seller/bulk-rights/?work={works[1].pk}&work={stranger[1].pk}"
    ).content.decode()
    assert f"#{works[1].pk}; translation; WORLD ex HK, MO, TW; L ex zh-hans" in page
    assert f"#{stranger[1].pk}" not in page  # another holder's work is not selectable


def test_preview_shows_cells_and_errors_and_writes_nothing(client, seller, works):
    client.force_login(seller[0])
    lines = f"{ISBNS[0]}; {LINE}\n{ISBNS[1]}; translation; World ex QQ; ja; exclusive; "

    response = client.post("/en/seller/bulk-rights/", {"lines": lines, "currency": "USD"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "WORLD ex CA, US" in page and "“QQ” is not a country" in page
    assert 'data-testid="bulk-create"' not in page  # nothing to create while errors remain
    assert Listing.objects.count() == 0


def test_preview_then_create_writes_all(client, seller, works):
    client.force_login(seller[0])
    selection = {"work": [w.pk for w in works], "lines": LINE, "currency": "EUR", "publish": "on"}

    preview = client.post("/en/seller/bulk-rights/", selection)

    page = preview.content.decode()
    assert 'data-testid="bulk-create"' in page and Listing.objects.count() == 0
    rows = [
        {"line": 1, "cells": {**cells, "work": f"#{w.pk}"}}
        for w in works
        for cells in [
            dict(
                zip(
                    ("rights", "territories", "languages", "exclusivity", "period"),
                    [c.strip() for c in LINE.split(";")],
                    strict=True,
                )
            )
        ]
    ]
    created = client.post(
        "/en/seller/bulk-rights/create/",
        {"rows": json.dumps(rows), "currency": "EUR", "publish": "on"},
    )
    assert created.status_code == 302
    assert Listing.objects.filter(status="published", currency="EUR").count() == 3


def test_create_refuses_a_tampered_row_and_writes_nothing(client, seller, works, stranger):
    client.force_login(seller[0])
    cells = dict(
        zip(
            ("rights", "territories", "languages", "exclusivity", "period"),
            [c.strip() for c in LINE.split(";")],
            strict=True,
        )
    )
    rows = [
        {"line": 1, "cells": {**cells, "work": f"#{works[0].pk}"}},
        {"line": 2, "cells": {**cells, "work": f"#{stranger[1].pk}"}},
    ]

    response = client.post(
        "/en/seller/bulk-rights/create/", {"rows": json.dumps(rows), "currency": "USD"}
    )

    assert response.status_code == 200
    assert f"#{stranger[1].pk}" in response.content.decode()
    assert Listing.objects.count() == 0


def test_a_sheet_upload_is_previewed(client, seller, works):
    client.force_login(seller[0])
    sheet = SimpleUploadedFile(
        "rights.csv",
        f"work;rights;territories;languages;exclusivity;period\n{ISBNS[2]};audio;EU;de;;\n".encode(),
    )

    response = client.post("/en/seller/bulk-rights/", {"file": sheet, "currency": "USD"})

    assert 'data-testid="bulk-create"' in response.content.decode()


def test_a_buyer_without_works_is_refused(client, db):
    buyer = make_user(roles=["buyer"])
    make_party(country="VN", member=buyer)
    client.force_login(buyer)

    assert client.get("/en/seller/bulk-rights/").status_code == 403
    assert client.post("/en/seller/bulk-rights/create/", {"rows": "[]"}).status_code == 403
