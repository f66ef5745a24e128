"""Where files live: a private storage (the default) and a public one.

Every ``FileField`` without its own storage writes to the default storage,
which is private: contracts, certificates, statements, usage files, deal
attachments, evidence, court files and seizure orders. A private file has no
address; it reaches a reader only through a view that checks the reader may
see it and then calls ``catalog.kernel.downloads``. The public storage
(``storages["public"]``, under MEDIA_ROOT at MEDIA_URL) holds only what anyone
may fetch, such as the CMS's image renditions.

On object storage (``STORAGE_BACKEND=s3``) the private storage is django-storages'
S3 backend with signed, short-lived URLs; see ``storages_from_env``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, Storage


class PrivateFileHasNoURL(AttributeError):
    """Raised for the URL of a private file.

    An AttributeError so that Django's own "does this file have a URL?" checks
    (``getattr(file, "url", False)`` in ClearableFileInput) see none and show
    no link; a template that asks for ``file.url`` still fails loudly, because
    the template engine re-raises errors from properties.
    """


class PrivateFileSystemStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise PrivateFileHasNoURL(
            f"{name!r} is a private file: it has no URL; serve it from a view that checks "
            "the reader (catalog.kernel.downloads.private_file_response)"
        )


S3_DEFAULT_EXPIRE_SECONDS = 60


def _s3_options(env: Mapping[str, str]) -> dict[str, object]:
    bucket = env.get("S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
    options: dict[str, object] = {
        "bucket_name": bucket,
        "access_key": env.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": env.get("S3_SECRET_ACCESS_KEY") or None,
        "region_name": env.get("S3_REGION") or None,
        "endpoint_url": env.get("S3_ENDPOINT_URL") or None,
        "signature_version": "s3v4",
        # Two uploads with one name must not replace each other's evidence.
        "file_overwrite": False,
    }
    return {key: value for key, value in options.items() if value is not None}


def storages_from_env(
    env: Mapping[str, str], *, private_root: Path, media_root: Path, media_url: str
) -> dict[str, dict[str, object]]:
    """The ``default`` (private) and ``public`` entries of settings.STORAGES.

    ``STORAGE_BACKEND`` is ``filesystem`` (the default: var/private and MEDIA_ROOT)
    or ``s3`` (one bucket, keys under ``private/`` and ``public/``). On S3 a private
    key is readable only with a URL signed for ``S3_URL_EXPIRE_SECONDS`` (60 by
    default), which the download views hand out after their permission check.
    """
    backend = env.get("STORAGE_BACKEND", "filesystem").strip().lower()
    if backend == "filesystem":
        private_root, media_root = Path(private_root).resolve(), Path(media_root).resolve()
        if private_root.is_relative_to(media_root) or media_root.is_relative_to(private_root):
            # MEDIA_ROOT is served at MEDIA_URL; a private root inside it would be public.
            raise ImproperlyConfigured(
                f"PRIVATE_ROOT ({private_root}) and MEDIA_ROOT ({media_root}) must not contain "
                "each other"
            )
        return {
            "default": {
                "BACKEND": "catalog.kernel.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": str(private_root)},
            },
            "public": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(media_root), "base_url": media_url},
            },
        }
    if backend == "s3":
        common = _s3_options(env)
        public_domain = env.get("S3_PUBLIC_DOMAIN")
        try:
            expire = int(env.get("S3_URL_EXPIRE_SECONDS", S3_DEFAULT_EXPIRE_SECONDS))
        except ValueError:
            raise ImproperlyConfigured(
                "S3_URL_EXPIRE_SECONDS must be a number of seconds"
            ) from None
        if not 1 <= expire <= 3600:
            raise ImproperlyConfigured("S3_URL_EXPIRE_SECONDS must be between 1 and 3600")
        return {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    **common,
                    "location": "private",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "querystring_expire": expire,
                },
            },
            "public": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    **common,
                    "location": "public",
                    # Readable by anyone through the bucket policy on public/ (or a CDN in
                    # front of it): no per-object ACL, which many buckets refuse.
                    "default_acl": None,
                    "querystring_auth": False,
                    **({"custom_domain": public_domain} if public_domain else {}),
                },
            },
        }
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'filesystem' or 's3', not {backend!r}")


@contextmanager
def local_path(storage: Storage, name: str) -> Iterator[str]:
    """A path on this machine holding the stored file's bytes, for readers that need one.

    A filesystem storage has the file on disk already; object storage has no
    ``path``, so the bytes are copied to a temporary file removed afterwards.
    """
    try:
        on_disk = storage.path(name)
    except NotImplementedError:
        on_disk = None
    if on_disk is not None:
        yield on_disk
        return
    fd, path = tempfile.mkstemp(suffix=os.path.splitext(name)[1])
    try:
        with os.fdopen(fd, "wb") as target, storage.open(name, "rb") as source:
            shutil.copyfileobj(source, target, length=1024 * 1024)
        yield path
    finally:
        os.unlink(path)
