"""The site's Content-Security-Policy, with the admin's own.

django-csp sends ``CONTENT_SECURITY_POLICY`` on every response. The Django
and Wagtail admins still need inline scripts and styles; rather than weaken
the site's policy for them, responses under ``ADMIN_URL_PREFIXES`` get
``ADMIN_CONTENT_SECURITY_POLICY`` (a view's own ``csp_override`` still wins).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(tuple(settings.ADMIN_URL_PREFIXES))
        ):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
