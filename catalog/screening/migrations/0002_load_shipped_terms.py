"""Load the shipped word lists once, so a fresh install screens out of the box.

Later list changes arrive through ``manage.py load_sensitive_terms`` (which also
updates rows); this migration only inserts what is missing.
"""

from django.db import migrations


def load(apps, schema_editor):
    from catalog.screening.services import read_wordlists

    SensitiveTerm = apps.get_model("screening", "SensitiveTerm")
    SensitiveTerm.objects.bulk_create(
        [
            SensitiveTerm(
                language=item.language,
                term=item.term,
                normalised=item.normalised,
                category=item.category,
                severity=item.severity,
                notes=item.notes,
                origin="shipped",
            )
            for item in read_wordlists()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
