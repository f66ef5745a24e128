from __future__ import annotations

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from marketplace.api.api import api
from marketplace.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    path("admin/", admin.site.urls),
    path("cms-admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("stripe/", include("finance.stripe_urls")),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("marketplace.web_urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("catalog.registration.urls")),
    path("", include("marketplace.listings.urls")),
    path("evidence/", include("catalog.evidence.urls")),
    path("catalogue/", include("catalog.imports.urls")),
    path("deals/", include("marketplace.deals.urls")),
    path("api-keys/", include("marketplace.api.urls")),
    path("contracts/", include("licensing.contracts.urls")),
    path("rights-in/", include("licensing.rightsin.urls")),
    path("royalties/", include("licensing.royalties.urls")),
    path("disputes/", include("licensing.disputes.urls")),
    path("finance/payee/tax/", include("finance.tax.urls")),
    path("finance/", include("finance.urls")),
    path("pledges/", include("finance.pledges.urls")),
    path("valuation/", include("finance.valuation.urls")),
    path("streams/", include("finance.streams.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    # MEDIA_ROOT is the public storage's root only (CMS image renditions). Private files
    # live under PRIVATE_ROOT, which settings refuse to nest in it, and have no route:
    # views that check the reader deliver them (catalog.kernel.downloads). In production
    # the proxy or the object store serves the public root.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
