"""A publisher ticks works on the seller dashboard, lists their rights in bulk from the
pre-filled grid, reads the preview and creates the listings."""

from __future__ import annotations

import pytest

from marketplace.listings.models import Listing
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.factories.onix import world_except_greater_china
from tests.factories.pledges import registered_work

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bulk_rights_from_the_dashboard(live_server, page):
    user = make_user(roles=["rights_holder"])
    party = make_party(name="Lotus Press", country="CN", member=user)
    first = registered_work(user, party, sales_rights=[world_except_greater_china()])
    second = registered_work(user, party)
    browser_login(page, live_server.url, user)

    page.goto(f"{live_server.url}/en/seller/")
    page.check(f"#bulk-work-{first.pk}")
    page.check(f"#bulk-work-{second.pk}")
    page.click("[data-testid=bulk-rights]")
    grid = page.locator("textarea[name=lines]")
    assert f"#{first.pk}; translation; WORLD ex CN, HK, MO, TW; L ex zh-hans" in grid.input_value()

    # The second work has no ONIX sales rights: its territory cell is empty and refused.
    page.click("[data-testid=bulk-preview]")
    errors = page.locator("[data-testid=bulk-errors]")
    assert "no territory given" in errors.inner_text()
    assert page.locator("[data-testid=bulk-create]").count() == 0

    text = grid.input_value() if grid.count() else ""
    page.fill(
        "textarea[name=lines]",
        text.replace(f"#{second.pk}; translation; ;", f"#{second.pk}; translation; ASEAN ex SG;"),
    )
    page.click("text=Preview again")
    lines = page.locator("[data-testid=bulk-lines]")
    assert "ASEAN ex SG" in lines.inner_text()
    assert Listing.objects.count() == 0
    page.click("[data-testid=bulk-create]")
    page.wait_for_url("**/seller/")
    assert "Listings created: 2." in page.inner_text("body")
    assert Listing.objects.filter(seller=party, status="draft").count() == 2
