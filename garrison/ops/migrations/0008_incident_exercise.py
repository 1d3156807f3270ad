from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0007_unit_notes"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="exercise",
            field=models.BooleanField(db_index=True, default=False, verbose_name="exercise"),
        ),
    ]
