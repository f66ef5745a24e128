"""Demo contracts: built through the services, idempotent."""

from __future__ import annotations

import pytest

from licensing.contracts.models import Contract
from licensing.models import Grant
from marketplace.demo.contracts import seed_contracts


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_contracts_is_idempotent(fast_pdf):
    from marketplace.demo.seed import seed_catalog

    seed_catalog(works=14)
    first = seed_contracts()
    assert first["contracts_active"] >= 3 and first["contracts"] >= 5
    grants = Grant.objects.filter(source_ref__startswith="LIC-").count()
    assert grants == first["contracts_active"]
    second = seed_contracts()
    assert second["contracts_created"] == 0 and second["contracts"] == first["contracts"]
    assert Contract.objects.filter(status="draft").exists()
    assert Contract.objects.filter(status="awaiting", signatures__isnull=False).exists()
