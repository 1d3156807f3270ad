"""Saved team placements: what was asked, what was chosen, and what each position reaches.

A placement keeps, for every chosen position, the demand points it reaches within the target
(``reach``) and every demand point's weight, so "coverage lost if this team is dispatched" is a
lookup, not a new routing run, and stays what the planners saw when they saved it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from garrison.events.models import Event


class PlacementModel(models.TextChoices):
    SET_COVER = "set-cover", _("Least teams to cover everyone (set covering)")
    MAX_COVER = "max-cover", _("Most demand covered by N teams (maximal covering)")
    P_MEDIAN = "p-median", _("Least total travel time (p-median)")
    P_CENTER = "p-center", _("Least worst travel time (p-center)")


class DemandSource(models.TextChoices):
    ZONES = "zones", _("Zones, weighted by capacity")
    SITES = "sites", pgettext_lazy("demand", "Sites, one each")


class Placement(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="placements")
    name = models.CharField(_("name"), max_length=200)
    model = models.CharField(_("model"), max_length=16, choices=PlacementModel.choices)
    demand_source = models.CharField(
        _("demand"), max_length=8, choices=DemandSource.choices, default=DemandSource.ZONES
    )
    teams = models.PositiveIntegerField(_("teams"), null=True, blank=True)
    target_s = models.PositiveIntegerField(_("travel-time target (s)"))
    backup = models.BooleanField(_("backup coverage"), default=False)
    # Candidate site ids chosen, in the order of the candidates; the locked ones among them.
    chosen = models.JSONField(default=list)
    locked = models.JSONField(default=list)
    objective = models.FloatField(default=0.0)
    covered_share = models.FloatField(default=0.0)
    backup_share = models.FloatField(default=0.0)
    optimal = models.BooleanField(default=True)
    # [{"teams": n, "share": s}] for 1…teams (maximal covering at the same target).
    curve = models.JSONField(default=list)
    # {"weights": {demand key: weight}, "reach": {site id: [demand keys]}, "labels": {key: label}}
    coverage = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class LiveSuggestion(models.Model):
    """A placement solved again on the live crowd: kept beside the saved placement (never over
    it) for the planners to compare, made when the counted occupancy of a demand zone moves far
    from the weight the placement was last solved with (``live_demand``)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SOLVING = "solving", _("Solving")
        DONE = "done", pgettext_lazy("live suggestion", "Ready")
        FAILED = "failed", _("Failed")

    placement = models.OneToOneField(Placement, on_delete=models.CASCADE, related_name="live")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    # {demand key: weight}: the live weights asked for, then the ones the solve used.
    weights = models.JSONField(default=dict)
    # [{"key", "saved", "live"}]: the zones whose crowd moved the demand, with both weights.
    changed = models.JSONField(default=list)
    chosen = models.JSONField(default=list)
    covered_share = models.FloatField(default=0.0)  # of the live demand, by ``chosen``
    saved_share = models.FloatField(default=0.0)  # of the live demand, by the saved placement
    objective = models.FloatField(default=0.0)
    optimal = models.BooleanField(default=True)
    reach = models.JSONField(default=dict)
    requested_at = models.DateTimeField()
    solved_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.placement_id}: {self.state}"
