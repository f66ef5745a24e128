"""Offers get the "suspended" status (a court order froze the work); a suspended offer
still holds the thread's one open place, since it comes back open, and like an open one
its status may still move (the trigger of 0001 allowed that only to open offers)."""

from django.db import migrations, models

_TRIGGER = """
CREATE OR REPLACE FUNCTION deals_offer_immutable() RETURNS trigger AS $$
BEGIN
    IF NEW.terms IS DISTINCT FROM OLD.terms
       OR NEW.version IS DISTINCT FROM OLD.version
       OR NEW.thread_id IS DISTINCT FROM OLD.thread_id
       OR NEW.offered_by_id IS DISTINCT FROM OLD.offered_by_id
       OR NEW.currency IS DISTINCT FROM OLD.currency
       OR NEW.valid_until IS DISTINCT FROM OLD.valid_until
       OR NEW.availability IS DISTINCT FROM OLD.availability THEN
        RAISE EXCEPTION 'deals_offer % v% is immutable: make a counter-offer',
            OLD.thread_id, OLD.version
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status NOT IN (%s) THEN
        RAISE EXCEPTION 'deals_offer % v% is % and final', OLD.thread_id, OLD.version, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
"""
MOVABLE = _TRIGGER.replace("(%s)", "('open', 'suspended')")
ONLY_OPEN = _TRIGGER.replace("(%s)", "('open')")

STATUSES = [
    ("open", "Open"),
    ("countered", "Countered"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("withdrawn", "Withdrawn"),
    ("expired", "Expired"),
    ("suspended", "Suspended"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(MOVABLE, ONLY_OPEN),
        migrations.RemoveConstraint(
            model_name="offer",
            name="deal_offer_one_open_per_thread",
        ),
        migrations.AlterField(
            model_name="offer",
            name="status",
            field=models.CharField(choices=STATUSES, default="open", max_length=10),
        ),
        migrations.AlterField(
            model_name="offertransition",
            name="from_status",
            field=models.CharField(blank=True, choices=STATUSES, max_length=10),
        ),
        migrations.AlterField(
            model_name="offertransition",
            name="to_status",
            field=models.CharField(choices=STATUSES, max_length=10),
        ),
        migrations.AddConstraint(
            model_name="offer",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["open", "suspended"])),
                fields=("thread",),
                name="deal_offer_one_open_per_thread",
            ),
        ),
    ]
