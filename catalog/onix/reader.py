"""Stream an ONIX 3.0 / 3.1 file (reference or short tags) into product records.

Each <Product> is first checked against EDItEUR's XSD for the file's release and tag
style (catalog.onix.schema), then read into a ``ProductRecord`` (catalog.onix.parser).
A product that fails either is yielded as an ``OnixImportError`` naming it, so the
caller sees every refusal in the file, not only the first; problems with the file as a
whole (not XML, not ONIX, a DTD, broken XML, an invalid header) are raised.

Finished products are dropped from the tree, so memory stays flat however many records
a file holds. DTDs and entity declarations are refused (defusedxml): ONIX needs
neither, and they are how XML bombs and external-entity reads get in.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser
from defusedxml.ElementTree import iterparse as safe_iterparse
from django.core.cache import cache
from django.utils.translation import gettext

from catalog.onix.parser import (
    SHORT_TO_REFERENCE,
    OnixImportError,
    ProductRecord,
    build_product,
)
from catalog.onix.schema import (
    NAMESPACES,
    check_element,
    load_schema,
    release_key,
    schema_fingerprint,
)

VALID_FOR = 30 * 24 * 3600  # seconds a "this product is schema-valid" verdict is kept


class _LineBuilder:
    """A tree builder that remembers each element's line, for schema error messages.

    A wrapper, not a subclass: expat's C parser drives an ``ET.TreeBuilder`` (subclasses
    included) directly and would never call an overridden ``start``.
    """

    def __init__(self) -> None:
        self.tree = ET.TreeBuilder()
        self.expat = None
        self.lines: dict[int, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        elem = self.tree.start(tag, attrs)
        if self.expat is not None:
            self.lines[id(elem)] = self.expat.CurrentLineNumber
        return elem

    def end(self, tag: str) -> ET.Element:
        return self.tree.end(tag)

    def data(self, data: str) -> None:
        self.tree.data(data)

    def close(self) -> ET.Element:
        return self.tree.close()


def _reference_name(tag: str) -> str:
    local = tag.rpartition("}")[2]
    return SHORT_TO_REFERENCE.get(local, local)


def _with_namespace(elem: ET.Element, namespace: str) -> None:
    # Files without the namespace are common in the wild; the schema needs it.
    for node in elem.iter():
        if isinstance(node.tag, str) and not node.tag.startswith("{"):
            node.tag = f"{{{namespace}}}{node.tag}"


def _schema_error(
    problems: list, *, index: int | None, reference: str, field_prefix: str
) -> OnixImportError:
    first = problems[0]
    reason = first.reason
    if first.line:
        reason = gettext("%(reason)s (line %(line)s)") % {"reason": reason, "line": first.line}
    if len(problems) > 1:
        reason = gettext("%(reason)s; and %(count)s more schema errors") % {
            "reason": reason,
            "count": len(problems) - 1,
        }
    return OnixImportError(
        index=index,
        reference=reference,
        field=first.path or field_prefix,
        reason=gettext("not valid against the ONIX schema: %(reason)s") % {"reason": reason},
    )


def _validated(
    key: tuple[str, str], elem: ET.Element, lines: dict[int, int], **where: object
) -> OnixImportError | None:
    """Schema problems of ``elem`` as an error, or None if it is valid.

    A product byte-for-byte identical to one found valid before (against the same schema
    files) is not checked again: full feeds resend every product each time, and XSD
    checking is most of the cost of reading one. The verdict lives in Django's cache
    (Redis in production, shared by the workers); only valid products are remembered.
    """
    _with_namespace(elem, NAMESPACES[key])
    digest = hashlib.sha256(schema_fingerprint(key))
    digest.update(ET.tostring(elem))
    cache_key = f"onix:valid:{digest.hexdigest()}"
    if cache.get(cache_key):
        return None
    problems = check_element(load_schema(key), elem, prefix=str(where["field_prefix"]), lines=lines)
    if not problems:
        cache.set(cache_key, True, timeout=VALID_FOR)
        return None
    return _schema_error(problems, **where)


def iter_records(
    source: str | Path | BinaryIO, *, default_country: str = "", validate: bool = True
) -> Iterator[ProductRecord | OnixImportError]:
    """Each <Product> of an ONIX 3.x file: a checked ``ProductRecord`` or why it is refused.

    ``validate=False`` skips the XSD check (for trusted files of our own export).
    """
    builder = _LineBuilder()
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    index = 0
    reference = ""
    default_language = ""
    sender = ""
    path: list[str] = []
    root: ET.Element | None = None
    key: tuple[str, str] | None = None
    source = str(source) if isinstance(source, Path) else source
    try:
        for event, elem in safe_iterparse(source, events=("start", "end"), parser=parser):
            if event == "start":
                name = _reference_name(elem.tag)
                path.append(name)
                if root is None:
                    root = elem
                    key = _check_root(name, elem)
                    if not validate:
                        key = None
                elif name == "Product" and len(path) == 2:
                    index += 1
                    reference = ""
                continue
            name = _reference_name(elem.tag)
            path.pop()
            parent = path[-1] if path else ""
            if name == "RecordReference" and parent == "Product":
                reference = " ".join((elem.text or "").split())
            elif parent != "ONIXMessage":
                continue
            elif name == "Header":
                if key is not None:
                    problem = _validated(
                        key,
                        elem,
                        builder.lines,
                        index=None,
                        reference="",
                        field_prefix="/ONIXMessage/Header",
                    )
                    if problem is not None:
                        raise problem
                _rename(elem)
                default_language = " ".join((elem.findtext("DefaultLanguageOfText") or "").split())
                sender = " ".join((elem.findtext("Sender/SenderName") or "").split())
                _forget(elem, builder.lines)
                root.clear()
            elif name == "Product":
                yield _product(
                    elem,
                    key=key,
                    lines=builder.lines,
                    index=index,
                    reference=reference,
                    default_country=default_country,
                    default_language=default_language,
                    sender=sender,
                )
                # Finished records are dropped so a 100k-record file streams in flat memory.
                _forget(elem, builder.lines)
                root.clear()
    except ET.ParseError as exc:
        line, column = exc.position
        raise OnixImportError(
            index=index or None,
            reference=reference,
            field=_field_path(path),
            reason=gettext("malformed XML at line %(line)s, column %(column)s (%(detail)s)")
            % {"line": line, "column": column, "detail": str(exc).split(":")[0]},
        ) from None
    except DefusedXmlException as exc:
        raise OnixImportError(
            index=index or None,
            reference=reference,
            field="DOCTYPE",
            reason=gettext("DTDs and entity declarations are not accepted (%(detail)s)")
            % {"detail": type(exc).__name__},
        ) from None
    if root is None:
        raise OnixImportError(field="ONIXMessage", reason=gettext("empty file"))


def _forget(elem: ET.Element, lines: dict[int, int]) -> None:
    # Only this subtree: expat reads ahead, so later elements may already be listed.
    for node in elem.iter():
        lines.pop(id(node), None)


def _rename(elem: ET.Element) -> None:
    # Reference names from here on, so the record reader and its errors speak one language.
    for node in elem.iter():
        if isinstance(node.tag, str):
            node.tag = _reference_name(node.tag)


def _product(
    elem: ET.Element,
    *,
    key: tuple[str, str] | None,
    lines: dict[int, int],
    index: int,
    reference: str,
    default_country: str,
    default_language: str,
    sender: str,
) -> ProductRecord | OnixImportError:
    if key is not None:
        problem = _validated(
            key,
            elem,
            lines,
            index=index,
            reference=reference,
            field_prefix=f"/ONIXMessage/Product[{index}]",
        )
        if problem is not None:
            return problem
    _rename(elem)
    try:
        record = build_product(
            elem,
            index=index,
            default_country=default_country,
            default_language=default_language,
        )
    except OnixImportError as exc:
        return exc
    record.sender = sender
    return record


def _field_path(path: list[str]) -> str:
    # Inside a record, name fields relative to <Product> as every other error does.
    if len(path) > 2 and path[1] == "Product":
        return "/".join(path[2:])
    return "/".join(path) or "ONIXMessage"


def _check_root(name: str, elem: ET.Element) -> tuple[str, str]:
    if name != "ONIXMessage":
        raise OnixImportError(
            field=name, reason=gettext("not an ONIX message (root element ONIXMessage expected)")
        )
    release = elem.get("release", "")
    if release not in {"3.0", "3.1"} and not release.startswith(("3.0.", "3.1.")):
        raise OnixImportError(
            field="ONIXMessage/@release",
            value=release,
            reason=gettext("only ONIX for Books 3.0 and 3.1 are read"),
        )
    return release_key(release, elem.tag)
