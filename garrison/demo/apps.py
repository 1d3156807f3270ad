from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo congress (``garrison load_demo``): data and loaders only, no models or pages.

    Installed so Django finds its command. The product apps never import this package; it
    imports them and writes through their services.
    """

    name = "garrison.demo"
    label = "demo"
