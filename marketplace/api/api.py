"""The NinjaAPI under /api/v1/: schema at openapi.json, Swagger UI at docs (served from
our static files by the ``ninja`` app: the site's CSP allows no CDN), every error as
problem+json (errors.py), every POST idempotent (idempotency.py)."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from marketplace.api import errors
from marketplace.api.errors import MEDIA_TYPE
from marketplace.api.resources import availability, contracts, inquiries, listings


class MarketplaceAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """Error responses are documented as what they are: application/problem+json."""
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema.get("paths", {}).values():
            for operation in item.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[MEDIA_TYPE] = content.pop("application/json")
        return schema


api = MarketplaceAPI(
    title="Copyright Marketplace API",
    version="1",
    description="See docs/api.md: keys and scopes, errors, idempotency, rate limits.",
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("", availability.router)
api.add_router("", listings.router)
api.add_router("", inquiries.router)
api.add_router("", contracts.router)
