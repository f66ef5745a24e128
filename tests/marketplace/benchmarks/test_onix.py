"""bench_onix writes a schema-valid feed, imports it twice and prints its figures."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
import xmlschema
from django.core.management import call_command

from catalog.onix.schema import SCHEMA_DIR
from marketplace.benchmarks.onix_feed import write_feed

pytestmark = pytest.mark.bench


def test_the_synthetic_feed_is_valid_onix(tmp_path: Path):
    feed = write_feed(tmp_path / "feed.xml", 25)

    schema = xmlschema.XMLSchema10(str(SCHEMA_DIR / "ONIX_BookProduct_3.0_reference.xsd"))
    assert [e.reason for e in schema.iter_errors(str(feed))] == []
    text = feed.read_text(encoding="utf-8")
    assert text.count("<Product>") == 25
    # Some products leave out the optional CountryOfPublication: the fallback is timed too.
    assert text.count("<CountryOfPublication>") == 23


# The command's imports commit, as real ones do, on its scratch database.
@pytest.mark.django_db(transaction=True)
def test_bench_imports_then_finds_everything_unchanged():
    out = StringIO()

    call_command("bench_onix", products=40, stdout=out)

    text = out.getvalue()
    assert re.search(r"first import: 40 products in [\d.]+ s .*created 40, peak RSS \d+ MB", text)
    assert re.search(r"unchanged re-import: 40 products .*unchanged 40, peak RSS \d+ MB", text)
    assert "read+validate" in text and "load average" in text
