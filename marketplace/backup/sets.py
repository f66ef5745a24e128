"""The files of a backup set and its manifest: copy out, verify, copy back."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, storages

MANIFEST = "manifest.json"
MANIFEST_HASH = "manifest.sha256"
DUMP = "database.dump"
FORMAT = 1
# Directory in the set -> alias in settings.STORAGES.
STORAGE_DIRS = {"private": "default", "public": "public"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def stored_names(storage: Storage, prefix: str = "") -> Iterator[str]:
    """Every file name in ``storage`` (filesystem or object storage), depth first."""
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:  # a filesystem storage nothing was ever written to
        return
    for name in sorted(files):
        yield f"{prefix}{name}"
    for sub in sorted(dirs):
        yield from stored_names(storage, f"{prefix}{sub}/")


def copy_out(set_dir: Path, progress: Callable[[int], None]) -> list[dict]:
    """Copy every stored file into the set; their manifest entries."""
    entries = []
    for folder, alias in STORAGE_DIRS.items():
        storage = storages[alias]
        for name in stored_names(storage):
            target = set_dir / folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            with storage.open(name, "rb") as source, open(target, "wb") as out:
                while block := source.read(CHUNK):
                    digest.update(block)
                    out.write(block)
            entries.append(
                {
                    "storage": folder,
                    "name": name,
                    "sha256": digest.hexdigest(),
                    "bytes": target.stat().st_size,
                }
            )
            progress(1)
    return entries


def write_manifest(set_dir: Path, manifest: dict) -> None:
    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    (set_dir / MANIFEST).write_bytes(data)
    (set_dir / MANIFEST_HASH).write_text(hashlib.sha256(data).hexdigest() + "\n")


def read_verified_manifest(set_dir: Path, progress: Callable[[int], None]) -> dict:
    """The manifest, once the dump and every file match it; else BackupError listing what
    does not (missing, altered or unlisted files, an edited manifest)."""
    if not (set_dir / MANIFEST).is_file() or not (set_dir / MANIFEST_HASH).is_file():
        raise BackupError(f"{set_dir} is not a backup set: {MANIFEST} or {MANIFEST_HASH} missing")
    data = (set_dir / MANIFEST).read_bytes()
    if hashlib.sha256(data).hexdigest() != (set_dir / MANIFEST_HASH).read_text().strip():
        raise BackupError(f"{set_dir / MANIFEST} was changed after the backup: refusing it")
    manifest = json.loads(data)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r} (expected {FORMAT})")
    problems = []
    dump = set_dir / DUMP
    if not dump.is_file():
        problems.append(f"{DUMP} is missing")
    elif sha256_of(dump) != manifest["dump"]["sha256"]:
        problems.append(f"{DUMP} does not match its SHA-256 in the manifest")
    listed = set()
    for entry in manifest["files"]:
        path = set_dir / entry["storage"] / entry["name"]
        listed.add(path)
        if not path.is_file():
            problems.append(f"{entry['storage']}/{entry['name']} is missing")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"{entry['storage']}/{entry['name']} does not match its SHA-256")
        progress(1)
    for folder in STORAGE_DIRS:
        for path in sorted((set_dir / folder).rglob("*")):
            if path.is_file() and path not in listed:
                problems.append(f"{path.relative_to(set_dir)} is not in the manifest")
    if problems:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(
            f"backup set {set_dir} failed verification; nothing was restored:\n  {shown}{more}"
        )
    return manifest


def occupied_storages() -> list[str]:
    """The storages that already hold files (a restore would mix two systems' files)."""
    return [
        folder
        for folder, alias in STORAGE_DIRS.items()
        if next(stored_names(storages[alias]), None)
    ]


def copy_back(set_dir: Path, manifest: dict, progress: Callable[[int], None]) -> None:
    for entry in manifest["files"]:
        storage = storages[STORAGE_DIRS[entry["storage"]]]
        name = entry["name"]
        if storage.exists(name):  # only with --force: the set's version wins
            storage.delete(name)
        with open(set_dir / entry["storage"] / name, "rb") as source:
            saved = storage.save(name, File(source))
        if saved != name:
            raise BackupError(f"{entry['storage']}/{name} was stored as {saved}")
        progress(1)
