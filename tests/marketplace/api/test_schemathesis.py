"""schemathesis against the live schema (/api/v1/openapi.json, served by the app through
WSGI): every operation, at most 25 examples each from a fixed seed, authenticated with a
key of a party that is party to a contract. A 5xx, an undocumented status or content
type, or a body the schema does not describe fails."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis import checks

from marketplace.wsgi import application
from tests.factories.contracts import Deal
from tests.marketplace.api.conftest import side

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Through the WSGI app each request would close the database connection at its end
    (close_old_connections), the test's own; Django's test client disconnects it too."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(db, wsgi_keeps_the_test_connection, search_index):
    Deal().draft()
    return side("SG").token


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_api_conforms_to_its_schema(case, token):
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
