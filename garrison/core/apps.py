from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "garrison.core"
    label = "core"
    verbose_name = "Garrison platform"

    def ready(self) -> None:
        # Each app declares its kinds of live event in its own ``live_events`` module
        # (garrison.core.live.declare); importing them all here makes the list complete before
        # anything is emitted, without the platform naming any app.
        autodiscover_modules("live_events")
        # Likewise each app's ``personal`` module declares its personal fields
        # (garrison.core.personal.declare): the audit log, its check and the purge read them all.
        autodiscover_modules("personal")
        # And each app's ``archive`` module what it puts in an event's archive
        # (garrison.core.archive.contribute), after its personal fields: the archive reads them.
        autodiscover_modules("archive")

        from garrison.core import metrics  # noqa: F401 - its receivers count every job's outcome
        from garrison.core.services import queue

        # The workers look for jobs whose worker died every few seconds, one worker per round.
        queue.every(queue.SWEEP_EVERY, "core.sweep", queue.sweep)
