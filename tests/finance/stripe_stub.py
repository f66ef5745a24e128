"""A tiny local Stripe stand-in for the calls localstripe lacks (Connect transfers).

Responses are the recorded shape of Stripe's API reference (fixtures/transfer.json);
like Stripe, a repeated ``Idempotency-Key`` returns the first response and
creates nothing.
"""

from __future__ import annotations

import json
import threading
import urllib.parse
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.finance.conftest import fixture_json


class TransferStub:
    def __init__(self, on_transfer: Callable[[int], None] | None = None) -> None:
        self.by_key: dict[str, dict] = {}
        self.transfers: list[dict] = []
        self.requests = 0
        self.on_transfer = on_transfer
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                status, body = stub.handle(self.path, form, self.headers.get("Idempotency-Key"))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handle(self, path: str, form: dict, key: str | None) -> tuple[int, dict]:
        if path != "/v1/transfers":
            return 404, {"error": {"type": "invalid_request_error", "message": "not stubbed"}}
        with self.lock:
            self.requests += 1
            if key and key in self.by_key:
                return 200, self.by_key[key]
            if form.get("destination", "").startswith("acct_closed"):
                return 400, {
                    "error": {
                        "type": "invalid_request_error",
                        "message": "No such destination",
                        "param": "destination",
                    }
                }
            transfer = fixture_json("transfer.json") | {
                "id": f"tr_stub{len(self.transfers) + 1:06d}",
                "amount": int(form["amount"]),
                "currency": form["currency"],
                "destination": form["destination"],
                "transfer_group": form.get("transfer_group"),
                "metadata": {k[9:-1]: v for k, v in form.items() if k.startswith("metadata[")},
            }
            self.transfers.append(transfer)
            if key:
                self.by_key[key] = transfer
            count = len(self.transfers)
        if self.on_transfer is not None:
            self.on_transfer(count)
        return 200, transfer

    def __enter__(self) -> TransferStub:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
