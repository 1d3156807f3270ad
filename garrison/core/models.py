"""Platform rows shared by every domain: the live feed journal."""

from __future__ import annotations

from django.db import models


class LiveEvent(models.Model):
    """One real-time event, journalled so that a reconnecting client catches up by id.

    Written inside the service's transaction (so it exists exactly when the change does) and
    broadcast only after commit.
    """

    # Named, not imported: the platform imports no app (the layers), yet the journal still goes
    # with its event when the event is deleted.
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=80)
    payload = models.JSONField(default=dict)
    # None: everyone in the event may see it; otherwise only members scoped to one of these units.
    unit_ids = models.JSONField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["event", "id"])]

    def __str__(self) -> str:
        return f"{self.kind}#{self.pk}"
