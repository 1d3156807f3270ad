"""Session idle and absolute timeouts (docs/security.md #8, OWASP ASVS 7.3).

Idle: a desk left unattended logs itself out. Absolute: even a busy session ends, so a stolen
session key is useful for a bounded time. Both clocks are kept in the (server-side) session.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from garrison.core.logging import security_log

STARTED = "garrison_started"
SEEN = "garrison_seen"

# Last-activity writes are coarse so that a page full of htmx polls is not a session write each.
SEEN_RESOLUTION_SECONDS = 60


def start_session_clock(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """``user_logged_in`` receiver: both clocks start at login, not at the first page after it.

    Without this a re-login over an old session of the same user would keep the old start time
    (Django keeps session data when the user does not change).
    """
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = int(request.session.get(STARTED, now))
            seen = int(request.session.get(SEEN, now))
            idle = now - seen > settings.SESSION_IDLE_SECONDS
            if idle or now - started > settings.SESSION_ABSOLUTE_SECONDS:
                security_log.info(
                    "session expired user=%s reason=%s",
                    request.user.pk,
                    "idle" if idle else "absolute",
                )
                logout(request)
                # OTPMiddleware ran before us and gave request.user is_verified(); the anonymous
                # user that logout() installs must answer it too.
                anonymous = AnonymousUser()
                anonymous.otp_device = None  # type: ignore[attr-defined]
                anonymous.is_verified = lambda: False  # type: ignore[attr-defined]
                request.user = anonymous
            else:
                # Assigning a key marks the session modified even when the value is the same,
                # so write only what changed: otherwise every request would save the session.
                if STARTED not in request.session:
                    request.session[STARTED] = started
                if SEEN not in request.session or now - seen >= SEEN_RESOLUTION_SECONDS:
                    request.session[SEEN] = now
        return self.get_response(request)
