"""WSGI entry point: the pages and the API under gunicorn (README, Production)."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

from garrison.core.env import env_list
from garrison.core.proxy import ForwardedFor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
# gunicorn's threads live as long as the worker: each keeps its database connection (and, on
# SQLite, its page cache) instead of opening one per request.
os.environ.setdefault("GARRISON_DB_CONN_MAX_AGE", "600")
application = ForwardedFor(
    get_wsgi_application(), env_list("GARRISON_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
)

from garrison.core.live import broadcast_from_own_loop  # noqa: E402 - needs the apps loaded

broadcast_from_own_loop()

# Everything loaded so far lives as long as the process: keep it out of the collector's scans
# (a full collection walked it all, a pause of milliseconds inside a scan batch), and collect
# the young generation less often — a request makes thousands of short-lived objects.
gc.freeze()
gc.set_threshold(20_000, 20, 20)
