"""docs/deployment.md lists every variable the settings read from the environment.

The names are taken from the source (every ``os.environ.get("X")``, ``env.get("X")``,
``env_bool("X", …)``, ``env_list("X", …)`` of the files below), so a new setting that
is not in the table fails here instead of going undocumented.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
DOC = BASE_DIR / "docs" / "deployment.md"
SOURCES = [
    "marketplace/settings.py",
    "marketplace/settings_checks.py",
    "marketplace/observability.py",
    "marketplace/gunicorn.conf.py",
    "catalog/kernel/storage.py",
]
READERS = {"get", "getenv", "env_bool", "env_list"}
ENVIRONMENT_OBJECTS = {"environ", "env", "os"}
TABLE_HEADING = "## Settings from the environment"


def _name(node: ast.expr) -> str | None:
    """The variable's name; an f-string's placeholders become <NAME>."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else "<KIND>" for part in node.values
        )
    return None


def _reads(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"env_bool", "env_list"}:
            pass
        elif isinstance(func, ast.Attribute) and func.attr in READERS:
            target = func.value
            owner = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if owner not in ENVIRONMENT_OBJECTS:
                continue
        else:
            continue
        if (name := _name(node.args[0])) and re.fullmatch(r"[A-Z][A-Z0-9_<>]*", name):
            names.add(name)
    return names


def variables_read() -> set[str]:
    names = set()
    for source in SOURCES:
        names |= _reads(ast.parse((BASE_DIR / source).read_text(), filename=source))
    return names


def documented() -> dict[str, list[str]]:
    text = DOC.read_text()
    table = text[text.index(TABLE_HEADING) :].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and (match := re.fullmatch(r"`([A-Z][A-Z0-9_<>]*)`", cells[0])):
            rows[match.group(1)] = cells[1:]
    return rows


def test_the_reader_finds_the_known_variables():
    # Guards the parser itself: each kind of read is found.
    found = variables_read()
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "S3_BUCKET", "WEB_CONCURRENCY"} <= found
    assert "UPLOAD_LIMIT_<KIND>_MB" in found
    assert "SENTRY_DSN" in found and "LOG_FORMAT" in found


def test_every_variable_read_is_in_the_one_table():
    missing = sorted(variables_read() - set(documented()))
    assert not missing, f"add to the table in {DOC.relative_to(BASE_DIR)}: {missing}"


def test_the_table_names_no_variable_nothing_reads():
    stale = sorted(set(documented()) - variables_read())
    assert not stale, f"documented but read nowhere: {stale}"


def test_each_row_says_its_default_and_whether_production_needs_it():
    for name, cells in documented().items():
        assert len(cells) >= 3, name
        assert cells[0], f"{name}: no default"
        assert cells[1] in {"yes", "no", "recommended"}, f"{name}: required? {cells[1]!r}"
