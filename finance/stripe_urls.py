"""Unprefixed URLs Stripe calls (no language prefix, no CSRF): the webhook."""

from django.urls import path

from finance.payments import webhooks

app_name = "stripe"
urlpatterns = [path("webhook/", webhooks.stripe_webhook, name="webhook")]
