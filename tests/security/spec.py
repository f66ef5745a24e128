"""The vocabulary of the permission matrix's table (tests/security/permission_matrix.py).

A row is one probe of one route: ``GET(kind, default, role=cell, ...)`` or
``POST(...)``. ``kind`` names the object the route is about (tests/security/kinds.py)
or is ``None`` for a route without one. ``default`` is the cell of every signed-in
role not named; ``anon`` defaults to ``"login"``.

A cell is ``"<own>/<other>"`` or one value for both cases; a value is one or more
outcomes joined by ``|``:

* ``200``, ``302``, ``400``, ``403``, ``404``, ``405`` … — the status code;
* ``login`` — a redirect to the login page;
* a trailing ``+`` — this POST may write (every other POST must change nothing);
* a trailing ``~owner`` — the secure outcome, not yet delivered by that helper's slice:
  the cell is ``xfail(strict=True)`` until it is, then remove the marker.

Roles: anon, buyer, rh (rights holder), licensee, coowner, examiner, mediator, bank,
court, staff. "own" is the role's side-A object, "other" the same object of side B.
``court`` is not given ``default``: a court user reaches only the court portal, their
account and the public pages, so an unnamed court cell is ``403`` (``COURT_CONFINED``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.kinds import KINDS
from tests.security.world import ROLES

COURT_CONFINED = 403  # every route outside the court portal, for the court role


@dataclass(frozen=True)
class Expect:
    outcomes: frozenset[int | str]
    may_write: bool = False
    xfail: str = ""  # the owner of the fix still to land

    def __str__(self) -> str:
        text = "|".join(sorted(str(o) for o in self.outcomes))
        return text + ("+" if self.may_write else "") + (f"~{self.xfail}" if self.xfail else "")


def _outcome(text: str) -> int | str:
    return "login" if text == "login" else int(text)


def parse_value(text: str) -> Expect:
    text, _sep, owner = text.partition("~")
    may_write = text.endswith("+")
    text = text.rstrip("+")
    return Expect(frozenset(_outcome(t) for t in text.split("|")), may_write, owner)


def parse_cell(cell: int | str) -> tuple[Expect, Expect]:
    """``(own, other)``; one value stands for both."""
    own, _sep, other = str(cell).partition("/")
    return parse_value(own), parse_value(other or own)


@dataclass(frozen=True)
class Ctx:
    """What a row's ``data`` and ``query`` see: the side probed and who probes it."""

    s: object  # the side probed: A for "own" and "any", B for "other"
    w: object  # the world
    role: str

    @property
    def a(self):
        """Side A: the signed-in users' own side."""
        return self.w.a

    @property
    def party(self):
        """The probing role's own party on the side probed (the rights holder's for roles
        without one)."""
        return getattr(self.s, f"{self.role}_party", None) or self.s.rh_party


@dataclass(frozen=True)
class Probe:
    method: str
    kind: str | None
    cells: dict[str, tuple[Expect, Expect]]
    data: Callable | None = None  # Ctx -> POST body
    query: Callable | None = None  # Ctx -> query string
    path: str = ""  # third-party trees: a fixed path instead of a route name
    kwargs: dict = field(default_factory=dict)  # extra URL kwargs, e.g. {"action": "withdraw"}

    @property
    def cases(self) -> tuple[str, ...]:
        """Routes about an object are probed on the role's own one and another party's."""
        return ("own", "other") if self.kind else ("any",)

    def expect(self, role: str, case: str) -> Expect:
        own, other = self.cells[role]
        return other if case == "other" else own


def _probe(method: str, kind, default, *, anon="login", data=None, query=None, path="", **cells):
    if kind is not None and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; kinds are {', '.join(sorted(KINDS))}")
    unknown = set(cells) - set(ROLES) - {"kwargs"}
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}; roles are {', '.join(ROLES)}")
    kwargs = cells.pop("kwargs", {})
    # The court role is confined to its portal (marketplace/court.py): a row that does not
    # name ``court`` expects the refusal; the portal's, account and public rows name it.
    table = {
        role: parse_cell(cells.get(role, COURT_CONFINED if role == "court" else default))
        for role in ROLES
    }
    table["anon"] = parse_cell(anon)
    return Probe(method, kind, table, data=data, query=query, path=path, kwargs=kwargs)


def GET(kind: str | None, default: int | str, **cells) -> Probe:
    return _probe("GET", kind, default, **cells)


def POST(kind: str | None, default: int | str, **cells) -> Probe:
    return _probe("POST", kind, default, **cells)


def probes_of(entry: Probe | tuple[Probe, ...]) -> tuple[Probe, ...]:
    return entry if isinstance(entry, tuple) else (entry,)
