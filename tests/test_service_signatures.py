"""Service functions are called by keyword, and say who acts with a typed user.

Read from the source with ``ast``: every public (no leading underscore) module-level
function of a ``services.py`` module takes keyword-only parameters (``def f(*, …)``),
so a call reads as ``contract_sign(contract=…, user=…, party=…)`` and two arguments of
one type cannot be swapped silently. A parameter named ``user`` or ``actor`` is
annotated with a user type (``catalog.kernel.permissions.AnyUser``; domain packages do
not import the project's User model), optionally ``| None``.

Two kinds of function keep one positional parameter, because their caller passes it so:
- event handlers, ``on_<event>(event)``: the kernel's ``publish`` calls them with the event;
- validators, ``validate_<thing>(value, *, …)``: one value in, the clean value or a
  ``ValidationError`` out, as Django's validators.
Celery tasks live in ``tasks.py`` and take ids; they are not read here.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("catalog", "licensing", "finance", "marketplace", "cms")
USER_PARAMETERS = {"user", "actor"}


def service_modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("services.py")):
            if "migrations" not in path.parts:
                yield path


def public_functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name[0] != "_":
            yield node


def positional_allowed(function: ast.FunctionDef) -> int:
    """How many positional parameters this function may take (see the module docstring)."""
    if function.name.startswith(("on_", "validate_")):
        return 1
    return 0


def is_user_type(annotation: ast.expr | None) -> bool:
    if annotation is None:
        return False
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        sides = [annotation.left, annotation.right]
        optional = [side for side in sides if ast.unparse(side) != "None"]
        return len(optional) == 1 and is_user_type(optional[0])
    return ast.unparse(annotation).split(".")[-1].endswith("User")


def signature_problems(path: Path, tree: ast.Module) -> list[str]:
    problems = []
    for function in public_functions(tree):
        where = f"{path.relative_to(ROOT)}:{function.lineno} {function.name}"
        arguments = function.args
        positional = arguments.posonlyargs + arguments.args
        if len(positional) > positional_allowed(function) or arguments.vararg:
            names = ", ".join(argument.arg for argument in positional)
            problems.append(
                f"{where}: positional parameters ({names}); use def {function.name}(*, …)"
            )
        for argument in positional + arguments.kwonlyargs:
            if argument.arg in USER_PARAMETERS and not is_user_type(argument.annotation):
                shown = ast.unparse(argument.annotation) if argument.annotation else "nothing"
                problems.append(f"{where}: {argument.arg} is annotated with {shown}, not AnyUser")
    return problems


def test_public_service_functions_are_keyword_only_with_a_typed_user():
    problems = [
        problem
        for path in service_modules()
        for problem in signature_problems(path, ast.parse(path.read_text(), filename=str(path)))
    ]
    assert not problems, "service signatures:\n" + "\n".join(problems)


def test_the_check_sees_what_it_looks_for():
    tree = ast.parse(
        "def work_save(work, *, user): ...\n"
        "def work_move(*, work, user: object): ...\n"
        "def work_keep(*, work, user: AnyUser | None, actor: AnyUser): ...\n"
        "def on_work_saved(event): ...\n"
        "def validate_title(value, *, field='title'): ...\n"
        "def _helper(a, b): ...\n"
    )
    problems = signature_problems(ROOT / "x.py", tree)
    assert [problem.split(" ", 1)[1].split(":")[0] for problem in problems] == [
        "work_save",
        "work_save",
        "work_move",
    ]
