from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ops", "0008_source_patrol"),
    ]

    operations = [
        migrations.AddField(
            model_name="incident",
            name="exercise",
            field=models.BooleanField(db_index=True, default=False, verbose_name="exercise"),
        ),
    ]
