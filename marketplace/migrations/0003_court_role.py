"""The court role: a court's clerk or judge, confined to the court portal."""

import django.contrib.postgres.fields
from django.db import migrations, models

ROLES = [
    ("rights_holder", "Rights holder"),
    ("buyer", "Buyer"),
    ("examiner", "Examiner"),
    ("mediator", "Mediator"),
    ("bank", "Bank / investor"),
    ("staff", "Staff / editor"),
    ("court", "Court"),
]


def _roles():
    return django.contrib.postgres.fields.ArrayField(
        base_field=models.CharField(choices=ROLES, max_length=20),
        blank=True,
        default=list,
        size=None,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0002_audit_history"),
    ]

    operations = [
        migrations.AlterField(model_name="user", name="roles", field=_roles()),
        migrations.AlterField(model_name="useraccessevent", name="roles", field=_roles()),
    ]
