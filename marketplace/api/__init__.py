"""The public REST API under /api/v1/ (django-ninja), its keys and idempotency records."""
