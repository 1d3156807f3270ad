"""WSGI entry point: the pages and the API under gunicorn (README, Production)."""

from __future__ import annotations

import gc
import os

from django.core.wsgi import get_wsgi_application

from garrison.core.proxy import behind_proxy

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
# gunicorn's threads live as long as the worker: each keeps its database connection (and, on
# SQLite, its page cache) instead of opening one per request.
os.environ.setdefault("GARRISON_DB_CONN_MAX_AGE", "600")
application = behind_proxy(get_wsgi_application())

from django.conf import settings  # noqa: E402
from django.urls import get_resolver  # noqa: E402
from django.utils import translation  # noqa: E402

from garrison.core.live import broadcast_from_own_loop  # noqa: E402 - needs the apps loaded

broadcast_from_own_loop()

# The URLconf (every view, API schema and validator) and the translation catalogs load at the
# first request otherwise — after the freeze below, where a full collection walks them all.
get_resolver().url_patterns  # noqa: B018 - loads them
for _code, _name in settings.LANGUAGES:
    translation.activate(_code)  # reads that language's catalogues
translation.deactivate()

# Everything loaded so far lives as long as the process: keep it out of the collector's scans
# (a full collection walked it all: 75–95 ms with every thread stopped, inside scans that answer
# in 3). The young generation keeps its default size: a collection pauses every thread for as
# long as it takes, about 0.3 ms at that size; at 20,000 it was 15–25 ms.
gc.freeze()
