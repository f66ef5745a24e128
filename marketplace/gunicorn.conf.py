"""gunicorn's settings for production: `gunicorn -c marketplace/gunicorn.conf.py marketplace.wsgi`.

Every value can be set from the environment (docs/deployment.md lists them with the
Django settings). The access log is JSON, one object per request with its request id;
gunicorn's own messages are JSON too.
"""

from __future__ import annotations

import multiprocessing
import os

wsgi_app = "marketplace.wsgi:application"

# 2 × cores + 1 is gunicorn's rule for sync workers that wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}").split(",")

# A request that takes longer is a bug; the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (a deploy) workers finish the requests they hold for this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then (slow leaks in PDF and image libraries), not all at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The proxies whose X-Forwarded-Proto / -For are believed (the load balancer's address).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Workers load the application after forking: a deploy's code change needs no preload
# subtleties, and each worker opens its own database and broker connections.
preload_app = False
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR") or None

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "marketplace.observability.JsonFormatter"},
        "access_json": {"()": "marketplace.observability.AccessJsonFormatter"},
    },
    "handlers": {
        "error": {"class": "logging.StreamHandler", "formatter": "json"},
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access_json",
            "stream": "ext://sys.stdout",
        },
    },
    # Replaces gunicorn's default root (which names a "console" handler this dict lacks);
    # Django's LOGGING takes over the root once the application is loaded.
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
}
