"""Unprefixed URLs Stripe calls (no language prefix, no CSRF): the webhook."""

from django.urls import path  # noqa: F401

app_name = "stripe"
urlpatterns: list = []
