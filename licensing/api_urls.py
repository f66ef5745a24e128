"""JSON API under /api/v1/ (no language prefix)."""

from django.urls import path

from licensing import api

app_name = "api"
urlpatterns = [
    path("availability", api.availability, name="availability"),
]
