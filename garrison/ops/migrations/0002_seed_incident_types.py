"""Give events that existed before ops the standard list of incident types."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from garrison.ops.types.services import DEFAULT_TYPES


def seed(apps: Any, schema_editor: Any) -> None:
    Event = apps.get_model("events", "Event")
    IncidentType = apps.get_model("ops", "IncidentType")
    for event in Event.objects.all():
        for order, (code, name) in enumerate(DEFAULT_TYPES):
            IncidentType.objects.get_or_create(
                event=event, code=code, defaults={"name": name, "order": (order + 1) * 10}
            )


class Migration(migrations.Migration):
    dependencies = [("ops", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
