"""The suite never writes into the developer's var/: its storages are temporary folders."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage, storages


def test_tests_store_files_in_temporary_folders_not_var():
    private = default_storage.location
    public = storages["public"].location
    assert private == str(settings.PRIVATE_ROOT) and "private-test-" in private
    assert public == str(settings.MEDIA_ROOT) and "media-test-" in public
