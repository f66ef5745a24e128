"""The requests the load scenario sends, built without locust (it patches the process on import)."""

from __future__ import annotations

import json
import os
import re
import uuid

from finance.payments.stripe_api import event_json, sign

LANGUAGES = ("en", "th", "vi", "zh-hans")
QUERIES = ("novel", "music", "ภาพยนตร์", "sách", "小说", "poem", "film")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def env_list(name: str) -> list[str]:
    return [v for v in os.environ.get(name, "").split(",") if v]


def search_path(language: str, query: str) -> str:
    return f"/{language}/search/?q={query}"


def webhook_request(secret: str) -> tuple[bytes, dict[str, str]]:
    """A signed Stripe event the webhook stores and its task ignores (no invoice of ours)."""
    obj = {"id": f"cus_{uuid.uuid4().hex[:14]}", "object": "customer"}
    payload = json.dumps(event_json("customer.created", obj), sort_keys=True).encode()
    headers = {"Stripe-Signature": sign(payload, secret=secret), "Content-Type": "application/json"}
    return payload, headers


def csrf_token(html: str) -> str | None:
    match = CSRF.search(html)
    return match.group(1) if match else None


def inquiry_choices(html: str) -> tuple[str, str] | None:
    """The first buyer party and right type the listing's inquiry form offers, if it has one."""
    buyer = re.search(r'name="buyer".*?<option value="(\d+)"', html, re.S)
    right = re.search(r'name="right_types" value="([^"]+)"', html)
    return (buyer.group(1), right.group(1)) if buyer and right else None
