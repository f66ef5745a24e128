"""The load scenario ``manage.py bench_load`` runs (``locust -f`` this file).

Buyers search in several languages, open listings and send inquiries (signed in as the
demo buyers, CSRF token taken from the form page); Stripe webhooks arrive signed with
the secret the server checks. The command passes what the users need in the environment:
LOAD_LISTINGS (listing ids), LOAD_BUYERS (demo usernames), LOAD_PASSWORD and
STRIPE_WEBHOOK_SECRET. Request names group URLs per endpoint in the report.
"""

from __future__ import annotations

import itertools
import os
import random

from locust import HttpUser, between, task

from marketplace.benchmarks.load_requests import (
    LANGUAGES,
    QUERIES,
    csrf_token,
    env_list,
    inquiry_choices,
    search_path,
    webhook_request,
)

_buyer_numbers = itertools.count()


class Buyer(HttpUser):
    """A signed-in demo buyer: searches, opens listings, now and then sends an inquiry."""

    weight = 9
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.language = random.choice(LANGUAGES)
        self.listings = env_list("LOAD_LISTINGS")
        buyers = env_list("LOAD_BUYERS")
        if not buyers:
            return
        username = buyers[next(_buyer_numbers) % len(buyers)]
        page = self.client.get("/accounts/login/", name="login form")
        # The form page is the language-prefixed URL the unprefixed one redirects to; a POST
        # to the unprefixed URL would be redirected too and arrive as a GET.
        self.client.post(
            page.url,
            data={
                "login": username,
                "password": os.environ.get("LOAD_PASSWORD", ""),
                "csrfmiddlewaretoken": csrf_token(page.text) or "",
            },
            headers={"Referer": page.url},
            name="login",
        )

    @task(5)
    def search(self) -> None:
        language = random.choice(LANGUAGES)
        self.client.get(search_path(language, random.choice(QUERIES)), name=f"search /{language}/")

    @task(4)
    def listing(self) -> None:
        if self.listings:
            pk = random.choice(self.listings)
            self.client.get(f"/{self.language}/listings/{pk}/", name="listing detail")

    @task(1)
    def inquire(self) -> None:
        if not self.listings:
            return
        pk = random.choice(self.listings)
        page = self.client.get(f"/{self.language}/listings/{pk}/", name="listing detail")
        token = csrf_token(page.text)
        choices = inquiry_choices(page.text)
        if not (token and choices):
            return  # not a buyer of this listing (own work, or already inquired)
        self.client.post(
            f"/{self.language}/listings/{pk}/inquire/",
            data={
                "csrfmiddlewaretoken": token,
                "buyer": choices[0],
                "right_types": choices[1],
                "territories": "VN, TH",
                "languages": "vi, th",
                "message": "Load test inquiry: terms for a translation?",
            },
            headers={"Referer": page.url},
            name="inquiry send",
        )


class StripeWebhooks(HttpUser):
    """Stripe delivering events to the webhook endpoint."""

    weight = 1
    wait_time = between(0.2, 1)

    @task
    def deliver(self) -> None:
        payload, headers = webhook_request(os.environ.get("STRIPE_WEBHOOK_SECRET", ""))
        self.client.post("/stripe/webhook/", data=payload, headers=headers, name="stripe webhook")
