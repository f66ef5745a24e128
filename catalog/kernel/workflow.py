"""Workflows: one action table per status field, read by services and templates alike.

A workflow is a table ``{action: (from_states, to_state, permission)}``. Services call
``apply`` inside their transaction; it refuses a move the table does not allow (a
``TransitionRefused`` naming the status) or a user the action's permission does not
admit (``PermissionDenied``), sets the status and writes one audit row of the same
shape everywhere: the object, ``from_status``, ``to_status``, ``actor``, ``note`` (and
``action`` where the audit model has that column). Templates ask
``available_action_names(obj, user)`` which buttons to show, so a page never offers
what the service would refuse.

Jobs that move objects on their own (expiry, a payment webhook) pass ``user=SYSTEM``:
the table still applies, the permission does not, and the audit row has no actor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _


class _System:
    """The platform itself acting (beat tasks, webhooks, cascades of another action)."""

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Any = _System()

Permission = Callable[[Any, Any], bool]  # (obj, user) -> may this user take the action?
Condition = Callable[[Any], Iterable[str]]  # obj -> reasons the action cannot be taken now


def platform_only(obj: Any, user: Any) -> bool:
    """The permission of moves no person makes (expiry, screening): only ``SYSTEM`` passes."""
    return False


class TransitionRefused(ValidationError):
    """The object's status (or a condition of the action) does not allow the move."""


@dataclass(frozen=True)
class Action:
    name: str
    sources: frozenset[str]
    target: str
    permission: Permission | None = None
    label: Any = ""  # what a button says (a lazy translation)
    condition: Condition | None = None
    style: str = "secondary"  # primary | secondary | danger: how a template draws it
    # What a refused status says, where the general sentence would be less precise for the
    # reader ("This contract is not awaiting signatures."): obj -> message.
    refusal: Callable[[Any], str] | None = None


def action(
    name: str,
    sources: Iterable[str],
    target: str,
    permission: Permission | None = None,
    *,
    label: Any = "",
    condition: Condition | None = None,
    style: str = "secondary",
    refusal: Callable[[Any], str] | None = None,
) -> Action:
    return Action(name, frozenset(sources), target, permission, label, condition, style, refusal)


@dataclass
class Workflow:
    """The actions on one model's status field and the audit model that records them."""

    name: str
    actions: Iterable[Action]
    audit_model: type[models.Model]
    audit_fk: str
    status_field: str = "status"
    _table: dict[str, Action] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._table = {}
        for item in self.actions:
            if item.name in self._table:
                raise ValueError(f"{self.name}: action {item.name!r} is declared twice")
            self._table[item.name] = item
        names = {f.name for f in self.audit_model._meta.get_fields()}
        missing = {self.audit_fk, "from_status", "to_status", "actor", "note"} - names
        if missing:
            raise ValueError(f"{self.name}: audit model lacks {sorted(missing)}")
        self._audit_has_action = "action" in names

    # -- reading -------------------------------------------------------------------------
    def action(self, name: str) -> Action:
        try:
            return self._table[name]
        except KeyError:
            raise ValueError(f"{self.name}: no action {name!r}") from None

    def status_of(self, obj: Any) -> str:
        return getattr(obj, self.status_field)

    def state_reasons(self, obj: Any, name: str) -> list[str]:
        """Why the object's status or the action's condition refuses it (empty: allowed)."""
        item = self.action(name)
        status = self.status_of(obj)
        if status not in item.sources:
            if item.refusal:
                return [str(item.refusal(obj))]
            label = _status_label(obj, self.status_field)
            return [_("This cannot be done while the status is “%(status)s”.") % {"status": label}]
        return list(item.condition(obj)) if item.condition else []

    def permitted(self, obj: Any, name: str, user: Any) -> bool:
        item = self.action(name)
        if user is SYSTEM or item.permission is None:
            return True
        return bool(user is not None and getattr(user, "is_authenticated", False)) and bool(
            item.permission(obj, user)
        )

    def check(self, obj: Any, name: str, user: Any) -> list[str]:
        """Every reason ``user`` may not take action ``name`` on ``obj`` now (empty: allowed)."""
        reasons = self.state_reasons(obj, name)
        if not self.permitted(obj, name, user):
            reasons.append(_("You may not do this."))
        return reasons

    def available_actions(self, obj: Any, user: Any) -> list[Action]:
        return [item for item in self._table.values() if not self.check(obj, item.name, user)]

    def available_action_names(self, obj: Any, user: Any) -> set[str]:
        return {item.name for item in self.available_actions(obj, user)}

    # -- writing -------------------------------------------------------------------------
    def require(self, obj: Any, name: str, *, user: Any) -> None:
        """Raise what ``apply`` would raise, without moving: for a service that must refuse
        before its costly or outward steps (grants, numbers, files) and apply after them."""
        if not self.permitted(obj, name, user):
            raise PermissionDenied(_("You may not do this."))
        reasons = self.state_reasons(obj, name)
        if reasons:
            raise TransitionRefused({self.status_field: reasons})

    def apply(
        self,
        obj: Any,
        name: str,
        *,
        user: Any,
        note: str = "",
        save: bool = True,
        update_fields: Iterable[str] = (),
        **audit: Any,
    ) -> models.Model:
        """Move ``obj`` by action ``name``; returns the audit row. Call inside the service's
        transaction, on a row it has locked."""
        item = self.action(name)
        self.require(obj, name, user=user)
        previous = self.status_of(obj)
        setattr(obj, self.status_field, item.target)
        row = {
            self.audit_fk: obj,
            "from_status": previous,
            "to_status": item.target,
            "actor": None if user is SYSTEM else user,
            "note": note,
            **audit,
        }
        if self._audit_has_action:
            row.setdefault("action", name)
        record = self.audit_model.objects.create(**row)
        if save:
            obj.save(update_fields=[self.status_field, *update_fields])
        return record


def _status_label(obj: Any, status_field: str) -> str:
    display = getattr(obj, f"get_{status_field}_display", None)
    return str(display()) if callable(display) else str(getattr(obj, status_field))
