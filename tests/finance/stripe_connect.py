"""Stripe Connect, answered from recorded responses through the stripe SDK's own HTTP layer.

The local Stripe emulator (localstripe) has no Connect. ``RecordedConnect`` is a
``stripe.HTTPClient`` installed as ``stripe.default_http_client``: the SDK builds
each request (form-encoded params, ``Idempotency-Key``, ``Stripe-Version``), and
parses the answer and raises its errors exactly as it does against Stripe; only
the bytes come from tests/fixtures/stripe_connect/ (shapes of Stripe's API
reference, see its README) instead of the network. Paths that are not Connect's
go on to the real client (localstripe), so payments keep working in the same test.

Stripe's behaviour the fixtures need, kept to what the code under test relies on:
accounts have a state (created → incomplete → complete, moved by ``onboard``);
an ``Idempotency-Key`` replays its first response, and the same key with other
params is an ``idempotency_error``; transfers need the destination's ``transfers``
capability active; unknown ids are 404 ``resource_missing``.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import stripe

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "stripe_connect"
FIXTURE_ACCOUNT = "acct_1QFixtureConnect01"
# GET /v1/country_specs/US supported_transfer_countries (Stripe's published fixture), the
# countries a US platform may create recipient accounts in and transfer to.
TRANSFER_COUNTRIES = frozenset(
    "AE AG AL AM AO AR AT AU AZ BA BD BE BG BH BJ BN BO BS BT BW CA CH CI CL CO CR CY CZ DE "
    "DK DO DZ EC EE EG ES ET FI FR GA GB GH GM GR GT GY HK HR HU ID IE IL IS IT JM JO JP KE "
    "KH KR KW LC LI LK LT LU LV MA MC MD MG MK MN MO MT MU MX MY NA NE NG NL NO NZ OM PA PE "
    "PH PL PT PY QA RO RS RW SA SE SG SI SK SM SN SV TH TN TR TT TW TZ US UY UZ VN ZA".split()
)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def _with_account(data: dict, account_id: str) -> dict:
    """A recorded object re-addressed to ``account_id`` (ids and URLs inside it too)."""
    return json.loads(json.dumps(data).replace(FIXTURE_ACCOUNT, account_id))


@dataclass
class Sent:
    """One request as the SDK put it on the wire."""

    method: str
    path: str
    params: dict[str, str]  # form fields, flattened the way Stripe reads them
    idempotency_key: str | None
    headers: dict[str, str] = field(repr=False)


class RecordedConnect(stripe.HTTPClient):
    name = "recorded-connect"

    def __init__(self, fallback: stripe.HTTPClient) -> None:
        super().__init__()
        self.fallback = fallback
        self.sent: list[Sent] = []
        self.accounts: dict[str, dict] = {}
        self.transfers: list[dict] = []
        self._replies: dict[str, tuple[tuple, tuple[str, int, dict]]] = {}
        self._lock = threading.Lock()

    # --- the SDK's interface ---------------------------------------------------
    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parts = urllib.parse.urlsplit(url)
        if not self._is_connect(method, parts.path):
            return self.fallback.request(method, url, headers, post_data, _usage=_usage)
        raw = post_data if method == "post" else parts.query
        if isinstance(raw, bytes):
            raw = raw.decode()
        params = dict(urllib.parse.parse_qsl(raw or "", keep_blank_values=True))
        headers = dict(headers or {})
        key = headers.get("Idempotency-Key")
        with self._lock:
            self.sent.append(Sent(method.upper(), parts.path, params, key, headers))
            if key and key in self._replies:
                first, reply = self._replies[key]
                if first != (method, parts.path, sorted(params.items())):
                    return self._error("error_idempotency.json")
                return reply
            reply = self._answer(method, parts.path, params)
            if key and reply[1] < 500:
                self._replies[key] = ((method, parts.path, sorted(params.items())), reply)
            return reply

    def request_stream(self, method, url, headers, post_data=None, *, _usage=None):
        return self.fallback.request_stream(method, url, headers, post_data, _usage=_usage)

    def close(self):
        self.fallback.close()

    # --- Stripe's side -----------------------------------------------------------
    @staticmethod
    def _is_connect(method: str, path: str) -> bool:
        return path == "/v1/account" or path.startswith(
            ("/v1/accounts", "/v1/account_links", "/v1/transfers")
        )

    def _json(self, data: dict, status: int = 200) -> tuple[str, int, dict]:
        request_id = f"req_fixture{len(self.sent):06d}"
        return json.dumps(data), status, {"Request-Id": request_id}

    def _error(self, name: str) -> tuple[str, int, dict]:
        recorded = fixture(name)
        return self._json(recorded["body"], recorded["status"])

    def _answer(self, method: str, path: str, params: dict) -> tuple[str, int, dict]:
        if method == "get" and path == "/v1/account":
            return self._json(fixture("platform_account.json"))
        if method == "post" and path == "/v1/accounts":
            return self._create_account(params)
        if method == "get" and path.startswith("/v1/accounts/"):
            account = self.accounts.get(path.rsplit("/", 1)[1])
            return self._json(account) if account else self._error("error_no_such_account.json")
        if method == "post" and path == "/v1/account_links":
            return self._create_link(params)
        if method == "post" and path == "/v1/transfers":
            return self._create_transfer(params)
        return self._json(
            {
                "error": {
                    "type": "invalid_request_error",
                    "message": f"Unrecognized request URL ({method.upper()}: {path}).",
                }
            },
            404,
        )

    def _create_account(self, params: dict) -> tuple[str, int, dict]:
        country = params.get("country", "")
        if country not in TRANSFER_COUNTRIES:
            return self._error("error_account_country.json")
        account_id = f"acct_1QRec{len(self.accounts) + 1:011d}"
        account = _with_account(fixture("account_created.json"), account_id)
        account.update(
            country=country,
            created=int(time.time()),
            metadata={k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
        )
        account["business_profile"]["name"] = params.get("business_profile[name]")
        account["tos_acceptance"]["service_agreement"] = params.get(
            "tos_acceptance[service_agreement]", "full"
        )
        self.accounts[account_id] = account
        return self._json(account)

    def _create_link(self, params: dict) -> tuple[str, int, dict]:
        account_id = params.get("account", "")
        if account_id not in self.accounts:
            return self._error("error_no_such_account.json")
        link = _with_account(fixture("account_link.json"), account_id)
        link["url"] += f"{len(self.sent):04d}"  # a link is single-use: each one differs
        return self._json(link)

    def _create_transfer(self, params: dict) -> tuple[str, int, dict]:
        account = self.accounts.get(params.get("destination", ""))
        if account is None:
            return self._error("error_no_such_account.json")
        if account["capabilities"].get("transfers") != "active":
            return self._error("error_transfer_capability.json")
        transfer = _with_account(fixture("transfer.json"), account["id"])
        transfer.update(
            id=f"tr_1QRec{len(self.transfers) + 1:011d}",
            amount=int(params["amount"]),
            currency=params["currency"],
            transfer_group=params.get("transfer_group"),
            metadata={k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")},
            created=int(time.time()),
        )
        self.transfers.append(transfer)
        return self._json(transfer)

    # --- what the user does at Stripe ------------------------------------------------
    def onboard(self, account_id: str, state: str) -> dict:
        """The account holder filled in Stripe's pages: the account now looks like the
        recorded ``account_<state>.json``; returns the ``account.updated`` event Stripe sends."""
        with self._lock:
            before = self.accounts[account_id]
            after = _with_account(fixture(f"account_{state}.json"), account_id)
            for kept in ("country", "created", "metadata", "business_profile", "tos_acceptance"):
                after[kept] = (
                    before[kept]
                    if kept != "tos_acceptance"
                    else {**after[kept], "service_agreement": before[kept]["service_agreement"]}
                )
            self.accounts[account_id] = after
        return self._event(after)

    def onboard_unknown(self, account_id: str, state: str) -> dict:
        """The ``account.updated`` event of an account this fake Stripe has not made (yet)."""
        return self._event(_with_account(fixture(f"account_{state}.json"), account_id))

    @staticmethod
    def _event(account: dict) -> dict:
        event = _with_account(fixture("event_account_updated.json"), account["id"])
        event["data"]["object"] = account
        event["id"] = f"evt_1QRec{account['id'][-8:]}{account['payouts_enabled']:d}"
        event["id"] += f"{account['details_submitted']:d}"
        event["created"] = int(time.time())
        return event

    def posts(self, path: str) -> list[Sent]:
        return [s for s in self.sent if s.method == "POST" and s.path == path]


@contextlib.contextmanager
def installed():
    """Connect answered from the recorded responses while inside; every other Stripe path
    by the client that was in place (localstripe's, when a test points the SDK at it)."""
    previous = stripe.default_http_client
    transport = RecordedConnect(previous or stripe.new_default_http_client())
    stripe.default_http_client = transport
    try:
        yield transport
    finally:
        stripe.default_http_client = previous


@pytest.fixture
def recorded_connect():
    with installed() as transport:
        yield transport
