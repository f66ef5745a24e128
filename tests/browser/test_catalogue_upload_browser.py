"""A publisher uploads its ONIX feed on the catalogue upload page and reads the results."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.models import CatalogueUpload
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIXTURES = Path(__file__).resolve().parents[1] / "catalog" / "onix" / "fixtures" / "onix"


def test_upload_onix_in_quarantine_and_read_the_results(live_server, page, celery_eager):
    user = make_user(roles=["rights_holder"])
    party = make_party(name="Lotus Press", country="CN", member=user)
    browser_login(page, live_server.url, user)
    page.goto(f"{live_server.url}/en/catalogue/uploads/")
    form = page.locator("[data-testid=catalogue-upload]")
    form.locator("select[name=party]").select_option(str(party.pk))
    form.locator("input[name=file]").set_input_files(str(FIXTURES / "bad_isbn.xml"))
    form.locator("input[name=mode][value=quarantine]").check()
    form.locator("select[name=default_country]").select_option("CN")
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/catalogue/uploads/*/")
    page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
    assert page.inner_text("[data-testid=job-status]") == "Imported"
    assert page.inner_text("[data-field=created]") == "2"
    assert page.inner_text("[data-field=refused]") == "1"
    refused = page.locator("[data-testid=results] tr[data-outcome=refused]")
    assert "not a valid ISBN (check digit)" in refused.inner_text()
    with page.expect_download() as download:
        page.click("[data-testid=errors-csv]")
    report = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "com.example.0003" in report and "9780306406158" in report
    upload = CatalogueUpload.objects.get()
    assert upload.records.exclude(work=None).count() == 2
