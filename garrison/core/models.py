"""Platform rows shared by every domain: the live feed journal, the workers' roll call and the
schedules."""

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


class Worker(models.Model):
    """One worker process (``garrison worker``) answering the roll call (core/services/queue.py).

    It beats every few seconds and says when it stops. A job claimed by a worker that stopped, or
    has not beaten for a while, or whose process is gone from this machine, was lost with it, and
    the sweep gives that job to another worker.
    """

    id = models.CharField(primary_key=True, max_length=64)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started = models.DateTimeField()
    seen = models.DateTimeField()
    stopped = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"worker {self.id}"


class Schedule(models.Model):
    """When a scheduled job is next due: the row that several workers race for, so that each tick
    runs once (core/services/queue.py, ``claim``)."""

    name = models.CharField(primary_key=True, max_length=64)
    due = models.DateTimeField()
    last_run = models.DateTimeField(null=True, blank=True)
    last_worker = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.name} (due {self.due:%Y-%m-%d %H:%M:%S})"
