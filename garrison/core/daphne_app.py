"""Daphne as an installed app, for its ``garrison runserver`` (ASGI, with the live feed's sockets),
without the cost of Twisted in every process.

Daphne's own AppConfig module imports its server, and with it Twisted and Autobahn, so that the
reactor is installed before anything else imports one: a fifth of a second in every process that
sets Django up (each worker, each command, each test process), though only ``runserver`` serves
with it. Its ``runserver`` command imports the same server when it runs, first, since nothing in
Garrison imports Twisted; this config names the same app (same label, same commands) without that
import. Listed first in INSTALLED_APPS, so its ``runserver`` still wins over staticfiles', which
is what Daphne's own check (not registered here: it looks for Daphne's config class) makes sure of.
"""

from __future__ import annotations

from django.apps import AppConfig


class DaphneConfig(AppConfig):
    name = "daphne"
    label = "daphne"
    verbose_name = "Daphne"
