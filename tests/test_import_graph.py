"""The import graph follows docs/ARCHITECTURE.md ("Dependencies point one way").

Read from the source with ``ast`` (function-level imports included), so a layering
violation fails here before it becomes a cycle at start-up:

- ``cms, marketplace → licensing → catalog``; ``catalog`` imports no upper layer;
- ``finance ↔ licensing`` only through ``services``, ``selectors`` and ``events`` modules;
- ``i18n`` and ``catalog/kernel`` import no domain package;
- no domain package imports the project package ``marketplace``;
- no ``except ImportError`` in the project's code (a broken import must fail loudly).
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalog", "licensing", "finance", "marketplace", "cms", "i18n")
# Modules of finance and licensing the other one may import: the published interfaces.
INTERFACES = {"services", "selectors", "events"}

# layer -> layers it must never import
FORBIDDEN = {
    "kernel": {"catalog", "licensing", "finance", "marketplace", "cms"},
    "i18n": {"catalog", "kernel", "licensing", "finance", "marketplace", "cms"},
    "catalog": {"licensing", "finance", "marketplace", "cms"},
    "licensing": {"marketplace", "cms"},
    "finance": {"marketplace", "cms"},
    "cms": {"marketplace"},
}


def layer_of(dotted: str) -> str | None:
    if dotted == "catalog.kernel" or dotted.startswith("catalog.kernel."):
        return "kernel"
    top = dotted.split(".")[0]
    return top if top in PACKAGES else None


def source_files():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            yield path


def imports_of(tree: ast.AST):
    """(line, imported dotted module, imported names) for every absolute import."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def through_interface(module: str, names: tuple[str, ...]) -> bool:
    if module.split(".")[-1] in INTERFACES:
        return True
    return bool(names) and all(name in INTERFACES for name in names)


def graph():
    edges: Counter[tuple[str, str]] = Counter()
    violations: list[str] = []
    for path in source_files():
        rel = path.relative_to(ROOT)
        source_layer = layer_of(".".join(rel.with_suffix("").parts))
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(rel))
        for line, module, names in imports_of(tree):
            target = layer_of(module)
            if target is None or target == source_layer:
                continue
            edges[(source_layer, target)] += 1
            where = f"{rel}:{line} imports {module}"
            if target in FORBIDDEN.get(source_layer, set()):
                violations.append(f"{where} ({source_layer} must not import {target})")
            elif {source_layer, target} == {"finance", "licensing"} and not through_interface(
                module, names
            ):
                violations.append(f"{where} (finance ↔ licensing only through {INTERFACES})")
        for node in ast.walk(tree):
            if isinstance(node, ast.ExceptHandler) and _catches_import_error(node.type):
                violations.append(f"{rel}:{node.lineno} catches ImportError")
    return edges, violations


def _catches_import_error(node: ast.expr | None) -> bool:
    if node is None:
        return False
    names = node.elts if isinstance(node, ast.Tuple) else [node]
    return any(
        isinstance(n, ast.Name) and n.id in {"ImportError", "ModuleNotFoundError"} for n in names
    )


def test_imports_point_the_way_the_architecture_says():
    _, violations = graph()
    assert not violations, "imports against docs/ARCHITECTURE.md:\n" + "\n".join(violations)


def test_the_checker_sees_a_violation(tmp_path):
    """The rules bite: a catalog module importing marketplace, and a stub import, are named."""
    tree = ast.parse(
        "from marketplace.models import User\n"
        "try:\n    import finance.fx\nexcept ImportError:\n    pass\n"
    )
    found = [layer_of(module) for _, module, _ in imports_of(tree)]
    assert found == ["marketplace", "finance"]
    assert "marketplace" in FORBIDDEN["catalog"]
    handlers = [n for n in ast.walk(tree) if isinstance(n, ast.ExceptHandler)]
    assert _catches_import_error(handlers[0].type)
    assert through_interface("finance.ledger.services", ())
    assert through_interface("finance.ledger", ("selectors",))
    assert not through_interface("finance.models", ("Invoice",))


def test_every_package_is_read():
    edges, _ = graph()
    assert edges[("licensing", "catalog")] > 0 and edges[("marketplace", "licensing")] > 0
    assert sum(1 for _ in source_files()) > 200
