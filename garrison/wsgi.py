"""WSGI entry point: the pages and the API under gunicorn (README, Production)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from garrison.core.env import env_list
from garrison.core.proxy import ForwardedFor

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "garrison.settings")
application = ForwardedFor(
    get_wsgi_application(), env_list("GARRISON_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
)
