from __future__ import annotations

import pytest
from django.core.management import call_command

from catalog.models import Party, Work
from catalog.registration.models import Application
from marketplace.listings.models import Listing
from marketplace.models import User


def _counts() -> tuple[int, ...]:
    return (
        Party.objects.count(),
        Work.objects.count(),
        Application.objects.count(),
        Listing.objects.count(),
        User.objects.count(),
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_multilingual(client, fast_pdf, capsys):
    call_command("seed_demo", works=60, json=True)
    first = _counts()
    capsys.readouterr()
    call_command("seed_demo", works=60)  # with its progress bars this time
    assert _counts() == first
    bars = capsys.readouterr().err
    # One bar per stage, each ending at its own total (the works bar used to count on
    # through contracts, payments and cases to well past 60/60).
    assert "demo works: 100%" in bars and "60/60" in bars
    assert "demo disputes: 100%" in bars
    assert "demo contracts" in bars and "demo royalties" in bars
    parties, works, _applications, listings, users = first
    assert works == 60 and parties >= 30 + 20 and users >= 50
    assert Application.objects.filter(status="registered").count() >= 30
    assert listings >= 30
    countries = set(Party.objects.values_list("country", flat=True))
    assert {"CN", "VN", "TH", "MY", "ID", "MM", "LA", "PH", "KH"} <= countries
    scripts = "".join(Work.objects.values_list("original_title", flat=True))
    for sample in ("\u4e00", "\u0e01"):  # some CJK and Thai text is there
        assert any(ord(ch) >= ord(sample) for ch in scripts)
    home = client.get("/th/")
    assert home.status_code == 200


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_parts_add_up_to_the_whole(fast_pdf):
    """``make run`` seeds the catalogue before serving and the activity after it."""
    from licensing.contracts.models import Contract
    from licensing.disputes.models import Case

    call_command("seed_demo", works=14, part="catalog", json=True)
    catalogue = _counts()
    assert catalogue[1] == 14
    assert not Contract.objects.exists() and not Case.objects.exists()
    call_command("seed_demo", works=14, part="activity", json=True)
    assert _counts()[1] == catalogue[1]  # the activity adds no works
    assert Contract.objects.filter(status="active").exists()
    assert Case.objects.filter(source_ref__startswith="demo:dispute:").count() == 14
    contracts = Contract.objects.count()
    call_command("seed_demo", works=14, json=True)  # the whole, again: nothing new
    assert Contract.objects.count() == contracts
