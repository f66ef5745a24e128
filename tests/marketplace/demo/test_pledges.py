from __future__ import annotations

import pytest

from marketplace.demo.pledges import seed_pledges
from marketplace.demo.seed import seed_catalog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf"), pytest.mark.slow]


def test_demo_pledges_are_idempotent():
    seed_catalog(works=24)
    first = seed_pledges()
    assert first["pledges"] >= 3 and first["seizures"] == 1 and first["pools"] == 1
    assert seed_pledges() == first
