"""JSON API under /api/v1/ (no language prefix)."""

from django.urls import path  # noqa: F401

app_name = "api"
urlpatterns: list = []
