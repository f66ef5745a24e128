"""Elasticsearch client for the search app, for real Elasticsearch 8 and osmem-server alike.

``settings.SEARCH_ENGINE_KIND`` picks the wire dialect:

* ``"elasticsearch"``: the stock elasticsearch-py 8 client, unchanged.
* ``"embedded"``: the same client, but on a node class that sends plain ``application/json``
  (see :class:`PlainJsonUrllib3Node`), because osmem-server answers 406 to the versioned
  media types that the 8.x client sends.
"""

from __future__ import annotations

import re
import threading
from typing import Final, Literal

from django.conf import settings
from elastic_transport import HttpHeaders, NodeConfig, Urllib3HttpNode

# Not re-exported at the top level, but it is the documented return type of perform_request.
from elastic_transport._node import NodeApiResponse
from elastic_transport.client_utils import DEFAULT, DefaultType
from elasticsearch import Elasticsearch
from elasticsearch.dsl import connections

__all__ = [
    "ELASTICSEARCH",
    "EMBEDDED",
    "PlainJsonUrllib3Node",
    "ensure_connection",
    "get_client",
    "ping",
    "reset_client",
]

EngineKind = Literal["embedded", "elasticsearch"]
EMBEDDED: Final = "embedded"
ELASTICSEARCH: Final = "elasticsearch"

# Ordinary API calls: long enough for a bulk chunk or a reindex step on a loaded cluster, short
# enough that a dead engine fails a web request instead of holding a worker.
REQUEST_TIMEOUT: Final = 10.0
# The embedded engine runs on this machine: a timeout there means it is gone, not busy, and a
# retry only doubles the wait before the caller can report it.
EMBEDDED_MAX_RETRIES: Final = 0
ELASTICSEARCH_MAX_RETRIES: Final = 2
# Health checks sit on request paths and readiness probes; a down engine must answer "no" within
# the probe's own budget rather than after the API timeout and its retries.
PING_TIMEOUT: Final = 1.0

# "application/vnd.elasticsearch+json; compatible-with=8" -> "application/json", and the same
# for x-ndjson (bulk, msearch). Any other media type passes through untouched.
_COMPAT_MEDIA_TYPE = re.compile(
    r"application/vnd\.elasticsearch\+([a-z0-9.\-]+)\s*;\s*compatible-with=\d+", re.IGNORECASE
)
_MEDIA_HEADERS: Final = ("accept", "content-type")


def _plain_media_type(value: str) -> str:
    return _COMPAT_MEDIA_TYPE.sub(r"application/\1", value)


class PlainJsonUrllib3Node(Urllib3HttpNode):
    """urllib3 node that rewrites versioned Elasticsearch media types to plain ones.

    The client serialises the body before the node sees it, so only the headers change on the
    wire; responses come back as ``application/json`` and decode as usual.
    """

    def __init__(self, config: NodeConfig) -> None:
        super().__init__(config)
        # Default headers given to the client (``headers=``) land here, not in each request.
        for name in _MEDIA_HEADERS:
            if name in self._headers:
                self._headers[name] = _plain_media_type(self._headers[name])

    def perform_request(
        self,
        method: str,
        target: str,
        body: bytes | None = None,
        headers: HttpHeaders | None = None,
        request_timeout: DefaultType | float | None = DEFAULT,
    ) -> NodeApiResponse:
        if headers:
            headers = headers.copy()
            for name in _MEDIA_HEADERS:
                if name in headers:
                    headers[name] = _plain_media_type(headers[name])
        return super().perform_request(
            method, target, body=body, headers=headers, request_timeout=request_timeout
        )


_clients: dict[tuple[str, str], Elasticsearch] = {}
_lock = threading.Lock()


def _engine_kind() -> EngineKind:
    kind = getattr(settings, "SEARCH_ENGINE_KIND", EMBEDDED)
    if kind == EMBEDDED:
        return EMBEDDED
    if kind == ELASTICSEARCH:
        return ELASTICSEARCH
    raise ValueError(f"SEARCH_ENGINE_KIND must be {EMBEDDED!r} or {ELASTICSEARCH!r}, not {kind!r}")


def _build_client(url: str, kind: EngineKind) -> Elasticsearch:
    if kind == EMBEDDED:
        return Elasticsearch(
            url,
            node_class=PlainJsonUrllib3Node,
            request_timeout=REQUEST_TIMEOUT,
            max_retries=EMBEDDED_MAX_RETRIES,
            retry_on_timeout=False,
        )
    return Elasticsearch(
        url,
        request_timeout=REQUEST_TIMEOUT,
        max_retries=ELASTICSEARCH_MAX_RETRIES,
        # A timed-out write may still have been applied; retrying non-idempotent requests
        # (bulk without ids, update scripts) is the caller's decision, not the transport's.
        retry_on_timeout=False,
    )


def get_client() -> Elasticsearch:
    """The shared client for ``settings.ELASTICSEARCH_URL``, built on first use."""
    url: str = settings.ELASTICSEARCH_URL
    if not url:
        raise ValueError("settings.ELASTICSEARCH_URL is empty")
    kind = _engine_kind()
    key = (kind, url)
    client = _clients.get(key)
    if client is None:
        with _lock:
            client = _clients.get(key)
            if client is None:
                client = _build_client(url, kind)
                _clients[key] = client
    return client


def _registered_default() -> Elasticsearch | None:
    try:
        registered: Elasticsearch = connections.get_connection("default")
    except KeyError:
        return None
    return registered


def reset_client() -> None:
    """Close and forget every cached client, and the ``elasticsearch.dsl`` default if it is ours.

    Tests that point ``ELASTICSEARCH_URL`` at a fresh server call this so the next
    :func:`get_client` connects to the new address instead of a stale pooled one.
    """
    with _lock:
        cached = list(_clients.values())
        _clients.clear()
        if _registered_default() in cached:
            connections.remove_connection("default")
    for client in cached:
        client.close()


def ensure_connection() -> Elasticsearch:
    """Register the shared client as ``elasticsearch.dsl``'s ``default`` connection and return it.

    Safe to call on every request: the registration is re-done only if the client changed.
    """
    client = get_client()
    if _registered_default() is not client:
        connections.add_connection("default", client)
    return client


def ping(timeout: float = PING_TIMEOUT) -> bool:
    """Whether the search engine answers within ``timeout`` seconds; never raises."""
    try:
        # No retries: a health check wants one bounded answer, and the transport's retry loop
        # would multiply the timeout by max_retries + 1.
        client = get_client().options(
            request_timeout=timeout, max_retries=0, retry_on_timeout=False
        )
        # Not Elasticsearch.ping(): the client hands a HEAD 404 back as a normal response, so
        # ping() says True for any HTTP server (or intercepting proxy) that answers 404 on "/".
        response = client.perform_request("HEAD", "/")
        return 200 <= response.meta.status < 300
    except Exception:
        return False
