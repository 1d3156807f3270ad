from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrafficConfig(AppConfig):
    name = "garrison.traffic"
    label = "traffic"
    verbose_name = _("Traffic")
