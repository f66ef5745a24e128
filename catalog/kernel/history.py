"""Audit history of what fraud targets, kept by database triggers (django-pghistory).

Payee bank details, user roles and staff flags, party membership, party
verification and withholding rates each get an event table in their own app.
A trigger writes a row on every insert, update and delete, so a change made
through the admin, a service, a shell or raw SQL is recorded alike. Each row
holds the tracked fields as they were after the change (before it, for a
delete); the previous row of the same object gives the old values
(``object_history`` pairs them). ``pghistory.middleware.HistoryMiddleware``
attaches the signed-in user's id and the URL to every write request's events;
code outside a request (commands, tasks) wraps its writes in
``pghistory.context(user=..., command=...)``.

Staff read an object's events in the Django admin ("Events" on the object's
page, or /admin/pghistory/middlewareevents/?obj=<app.model>:<pk>&method=tracks).

Rows that existed before tracking began get one "baseline" event each
(``baseline_operation`` in the migration), so the first change after the
upgrade still shows what it replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pghistory
from django.db import migrations, models
from pghistory.models import MiddlewareEvents

BASELINE = "baseline"


def audited(*, model_name: str, fields: list[str] | None = None, delete: bool = True):
    """The class decorator of a tracked model: insert, update (of ``fields`` only) and
    delete events in ``model_name``, the event model created next to the tracked one."""
    trackers = [pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.ManualEvent(BASELINE)]
    if delete:
        trackers.append(pghistory.DeleteEvent())
    return pghistory.track(
        *trackers,
        fields=fields,
        model_name=model_name,
        obj_field=pghistory.ObjForeignKey(related_name="audit_events"),
    )


@dataclass(frozen=True)
class Change:
    at: datetime
    label: str  # insert, update, delete, baseline
    values: dict[str, Any]  # the tracked fields after the change
    diff: dict[str, tuple[Any, Any]]  # field → (old, new); empty for the first event
    user_id: int | None
    url: str | None


def object_history(obj: models.Model) -> list[Change]:
    """Every recorded change of ``obj``, oldest first."""
    events = MiddlewareEvents.objects.tracks(obj).order_by("pgh_created_at", "pgh_id")
    return [
        Change(
            at=event.pgh_created_at,
            label=event.pgh_label,
            values=event.pgh_data,
            diff={k: (old, new) for k, (old, new) in (event.pgh_diff or {}).items()},
            user_id=(event.pgh_context or {}).get("user"),
            url=(event.pgh_context or {}).get("url"),
        )
        for event in events
    ]


def baseline_operation(app_label: str, model: str, event_model: str) -> migrations.RunPython:
    """A migration step writing one baseline event per existing row of ``model``."""

    def forwards(apps, schema_editor):
        tracked = apps.get_model(app_label, model)
        events = apps.get_model(app_label, event_model)
        names = [
            f.attname
            for f in events._meta.concrete_fields
            if not f.name.startswith("pgh_") and f.attname != "pgh_obj_id"
        ]
        columns = {f.attname: f.column for f in tracked._meta.concrete_fields}
        event_columns = {f.attname: f.column for f in events._meta.concrete_fields}
        quote = schema_editor.quote_name
        target = ", ".join(quote(event_columns[n]) for n in names)
        source = ", ".join(quote(columns[n]) for n in names)
        schema_editor.execute(
            f"INSERT INTO {quote(events._meta.db_table)} "  # noqa: S608 (model metadata only)
            f"(pgh_created_at, pgh_label, pgh_obj_id, {target}) "
            f"SELECT now(), %s, {quote(tracked._meta.pk.column)}, {source} "
            f"FROM {quote(tracked._meta.db_table)}",
            [BASELINE],
        )

    return migrations.RunPython(forwards, migrations.RunPython.noop)
