"""Security events in the log, without personal data (docs/security.md #21).

Usernames and addresses are personal data, yet an operator must still be able to see that forty
failures came from one source. So they are logged as a short keyed hash: the same name gives the
same tag, and the tag cannot be turned back into the name without the server's secret key.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from garrison.core.logging import security_log


def pseudonym(value: str) -> str:
    """A stable, non-reversible tag for a username or an address."""
    if not value:
        return "-"
    key = ("garrison.security-log:" + settings.SECRET_KEY).encode("utf-8")
    return hmac.new(key, value.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()[:12]


def client_tag(request: HttpRequest | None) -> str:
    if request is None:
        return "-"
    return pseudonym(str(request.META.get("REMOTE_ADDR", "")))


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # ``credentials`` already has the password masked by Django; we keep only the name's tag.
    security_log.warning(
        "login failed account=%s client=%s",
        pseudonym(str(credentials.get("username", ""))),
        client_tag(request),
    )


def on_locked_out(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    security_log.warning(
        "login locked out account=%s client=%s", pseudonym(username or ""), client_tag(request)
    )
