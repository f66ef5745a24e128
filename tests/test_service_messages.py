"""Every error message a user may read is translatable.

Read from the source with ``ast``: a ``ValidationError``, ``PermissionDenied`` or
``TransitionRefused`` (or a subclass defined in the project) raised with a bare string
or f-string — as its message, or as a value of its ``{field: message}`` dict or list —
reaches the user in English whatever their language. The message must be a gettext
call (``_()``, ``gettext``, ``gettext_lazy``, ``ngettext`` …) with ``%(name)s``
placeholders; an f-string inside ``_()`` is wrong too, because its msgid changes with
every value and is never found in the catalogue.

Migrations and management commands (their output is for operators) are not read.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalog", "licensing", "finance", "marketplace", "cms")
BASE_ERRORS = {"ValidationError", "PermissionDenied", "TransitionRefused"}
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
}


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts or "management" in path.parts:
                continue
            yield path


def trees():
    return [(path, ast.parse(path.read_text(), filename=str(path))) for path in source_files()]


def called_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def error_classes(parsed) -> set[str]:
    """The base errors and every project class derived from one of them (by name)."""
    names = set(BASE_ERRORS)
    classes = [
        node for _path, tree in parsed for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
    ]
    grew = True
    while grew:
        grew = False
        for cls in classes:
            if cls.name not in names and any(called_name(b) in names for b in cls.bases):
                names.add(cls.name)
                grew = True
    return names


def untranslated(node: ast.expr) -> bool:
    """A literal message: a string, an f-string, a concatenation or ``.format`` of one,
    or a dict/list/tuple holding one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        # ``_("…%(x)s") % {"x": "…"}``: only the format string is the message
        if isinstance(node.op, ast.Mod):
            return untranslated(node.left)
        return untranslated(node.left) or untranslated(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and untranslated(node.func.value)
    if isinstance(node, ast.Dict):
        return any(untranslated(value) for value in node.values)
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(untranslated(element) for element in node.elts)
    return False


def messages_of(call: ast.Call):
    yield from call.args[:1]
    yield from (keyword.value for keyword in call.keywords if keyword.arg == "message")


def test_error_messages_are_gettext_calls():
    parsed = trees()
    errors = error_classes(parsed)
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {called_name(node.func)}("
        f"{ast.unparse(message)[:80]})"
        for path, tree in parsed
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and called_name(node.func) in errors
        for message in messages_of(node)
        if untranslated(message)
    ]
    assert not found, "untranslated error messages (wrap in _() with %(name)s):\n" + "\n".join(
        found
    )


def test_gettext_msgids_are_not_formatted_before_lookup():
    found = [
        f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}"
        for path, tree in trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and called_name(node.func) in GETTEXT
        and node.args
        and (
            isinstance(node.args[0], ast.JoinedStr)
            or (isinstance(node.args[0], ast.BinOp) and untranslated(node.args[0]))
            or (isinstance(node.args[0], ast.Call) and untranslated(node.args[0]))
        )
    ]
    assert not found, "msgids built at run time never match the catalogue:\n" + "\n".join(found)


def test_the_checks_see_what_they_look_for():
    tree = ast.parse(
        "class Refused(ValidationError): pass\n"
        "raise Refused({'a': f'x {y}'})\n"
        "raise PermissionDenied('no')\n"
        "raise ValidationError(_('fine %(y)s') % {'y': y})\n"
    )
    errors = error_classes([(Path("x.py"), tree)])
    flagged = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and called_name(node.func) in errors
        for message in messages_of(node)
        if untranslated(message)
    ]
    assert sorted(flagged) == [2, 3]
