"""Who is calling the API, and what a refusal looks like.

Two kinds of caller (docs/security.md #3, #4, #6):

- ``user_auth``: a member's browser session, with Django's CSRF check on unsafe methods. A person
  who must use a second factor (``mfa.owes_second_factor``, the rule pages and the live feed
  use too) is refused until the session has passed TOTP.
  A scanner device's token is refused here with 403: devices may call only check-in endpoints.
- ``device_auth``: ``Authorization: Bearer <token>`` of an active scanner device, for the
  check-in endpoints. Revocation takes effect on the next request (the token is looked up every
  time).

Every refusal is an ``ErrorOut`` body: ``{code, message, field?}`` in the user's language.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from garrison.accounts.mfa import owes_second_factor
from garrison.accounts.models import Device, User
from garrison.accounts.services import authenticate_device
from garrison.core.errors import DomainError

# --- Error bodies ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    """Every API error: a stable machine code, a message in the user's language, the field if any."""

    code: str
    message: str
    field: str | None = None


# What any operation may answer besides its success: a bad or oversized body, a missing or
# refused login, another event's object, a value the schema refuses.
READ_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
}
WRITE_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 409: ErrorOut}


def responses(success: dict[int, Any], errors: dict[int, type[Schema]]) -> dict[int, Any]:
    return {**success, **errors}


# --- Principals -----------------------------------------------------------------------------------


def _bearer_token(request: HttpRequest) -> str | None:
    value = request.headers.get("Authorization", "")
    scheme, _sep, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class UserAuth(SessionAuth):
    """A logged-in member's session; refuses device tokens (403) and unverified MFA roles (403).

    The second factor belongs to the person, not to one event: someone who commands or plans
    any event (or enrolled an authenticator) must have passed TOTP before the API answers them
    at all, because the event list and every lookup would otherwise be reachable with the
    password alone.
    """

    def __call__(self, request: HttpRequest) -> User | None:
        token = _bearer_token(request)
        if token is not None and authenticate_device(token) is not None:
            raise DomainError(
                "device_not_allowed",
                _("Scanner devices may call only the check-in endpoints."),
                status=403,
            )
        user = request.user
        if not isinstance(user, User) or not user.is_active:
            return None  # 401
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise DomainError(
                "csrf_failed",
                _("The CSRF check failed. Reload the page and try again."),
                status=403,
            )
        if owes_second_factor(user, request.session):
            raise DomainError(
                "second_factor_required",
                _(
                    "Your account requires a second factor. Confirm your sign-in with your code first."
                ),
                status=403,
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        # Never reached: __call__ does the whole check. Kept because the base class declares it.
        return None  # pragma: no cover


class DeviceAuth(HttpBearer):
    """An active scanner device's token; unknown or revoked tokens get 401."""

    def authenticate(self, request: HttpRequest, token: str) -> Device | None:
        return authenticate_device(token)


user_auth = UserAuth(csrf=True)
device_auth = DeviceAuth()


def auth_user(request: HttpRequest) -> User:
    """The member that ``user_auth`` let through."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # only if an operation forgot ``auth=user_auth``
        raise DomainError("unauthorized", _("Sign in first."), status=401)
    return user


def auth_device(request: HttpRequest) -> Device:
    """The device that ``device_auth`` let through."""
    device = getattr(request, "auth", None)
    if not isinstance(device, Device):
        raise DomainError("unauthorized", _("Sign in first."), status=401)
    return device


# --- Devices: who am I --------------------------------------------------------------------------

device_router = Router(tags=["devices"], auth=device_auth)


class DeviceOut(Schema):
    name: str
    event: str


@device_router.get(
    "/me",
    url_name="device_me",
    response=responses({200: DeviceOut}, READ_ERRORS),
    summary="The calling scanner device",
)
def device_me(request: HttpRequest) -> DeviceOut:
    """The device's name and its event's short name: a scanner checks its token with this."""
    device = auth_device(request)
    return DeviceOut(name=device.name, event=device.event.slug)
