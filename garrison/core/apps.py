from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "garrison.core"
    label = "core"
    verbose_name = "Garrison platform"
