"""Validation of ONIX messages against EDItEUR's own XSDs (catalog/onix/schemas/).

A file is checked one <Header> or <Product> at a time as the parser streams it, so
memory stays bounded by the largest product, not the file. Each schema loads once per
process (about two seconds: the code lists are 1.3 MB of XSD).

Errors are named the way the standard's documentation names places, by schema path —
``/ONIXMessage/Product[3]/DescriptiveDetail/TitleDetail`` — with the line of the
offending element in the file.
"""

from __future__ import annotations

import functools
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import xmlschema

SCHEMA_DIR = Path(__file__).parent / "schemas"

# (release, tag style) → (namespace, schema file). ONIX 3.1 has namespaces of its own.
NAMESPACES: dict[tuple[str, str], str] = {
    ("3.0", "reference"): "http://ns.editeur.org/onix/3.0/reference",
    ("3.0", "short"): "http://ns.editeur.org/onix/3.0/short",
    ("3.1", "reference"): "http://ns.editeur.org/onix/3.1/reference",
    ("3.1", "short"): "http://ns.editeur.org/onix/3.1/short",
}
SCHEMA_FILES: dict[tuple[str, str], str] = {
    key: f"ONIX_BookProduct_{key[0]}_{key[1]}.xsd" for key in NAMESPACES
}


@dataclass(frozen=True)
class SchemaProblem:
    path: str  # /ONIXMessage/Product[3]/DescriptiveDetail/…
    line: int | None
    reason: str


def release_key(release: str, root_tag: str) -> tuple[str, str]:
    """``release`` attribute and root tag → the (release, style) key of the schema to use.

    Revisions (3.0.8, 3.1.2) validate against the release's schema; the root element's
    spelling says whether the file uses reference or short tags.
    """
    major = "3.1" if release.startswith("3.1") else "3.0"
    local = root_tag.rpartition("}")[2]
    return major, ("short" if local == "ONIXmessage" else "reference")


@functools.cache
def schema_fingerprint(key: tuple[str, str]) -> bytes:
    """A digest of the schema files for ``key``: a cached verdict is only as good as these."""
    digest = hashlib.sha256()
    for name in (SCHEMA_FILES[key], "ONIX_BookProduct_CodeLists.xsd", "ONIX_XHTML_Subset.xsd"):
        digest.update((SCHEMA_DIR / name).read_bytes())
    return digest.digest()


@functools.cache
def load_schema(key: tuple[str, str]) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / SCHEMA_FILES[key]))


def check_element(
    schema: xmlschema.XMLSchema10,
    elem: ET.Element,
    *,
    prefix: str,
    lines: dict[int, int],
    limit: int = 5,
) -> list[SchemaProblem]:
    """Schema problems of one global element (a <Product> or the <Header>), at most ``limit``.

    ``prefix`` replaces the element's own step in the reported path (``/ONIXMessage/
    Product[3]``); ``lines`` maps ``id(element)`` to its line in the file.
    """
    problems: list[SchemaProblem] = []
    for error in schema.iter_errors(elem):
        path = error.path or ""
        # xmlschema names the root as /<prefix:Tag>; the rest is relative to it.
        path = re.sub(r"\{[^}]*\}", "", path)
        tail = re.sub(r"^/[^/]+", "", re.sub(r"[A-Za-z_][\w.-]*:", "", path))
        failing = error.elem if isinstance(error.elem, ET.Element) else None
        line = lines.get(id(failing)) if failing is not None else None
        problems.append(SchemaProblem(path=prefix + tail, line=line, reason=_reason(error)))
        if len(problems) >= limit:
            break
    return problems


def _reason(error: xmlschema.XMLSchemaValidationError) -> str:
    reason = error.reason or str(error.message)
    # Namespaces make messages unreadable and say nothing the path does not.
    reason = re.sub(r"\{[^}]*\}|\b[a-z]+:(?=[A-Za-z])", "", reason)
    # A code list's every value ("must be one of ['AED', 'AFA', …]") helps nobody.
    return re.sub(r"\[('[^']*', ){6}[^\]]*\]", "[…]", reason)
