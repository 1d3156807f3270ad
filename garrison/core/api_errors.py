"""The API's error answers, one shape for all: ``ErrorOut`` = ``{code, message, field?}``.

The message is in the caller's language (LocaleMiddleware): a service's DomainError with its own
status, a lookup that finds nothing 404, a body that is not JSON 400, a value the schema refuses
422. Nothing a client sends may become a 500 (docs/security.md #15, proved by
core/tests/test_api_bad_input.py). The strings live here, inside an app, so that they are in a
translation catalogue.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from garrison.core.errors import DomainError


def install(api: NinjaAPI) -> None:
    """Answer every error of ``api`` with ``{code, message, field?}``."""
    api.exception_handler(DomainError)(on_domain_error)
    api.exception_handler(Http404)(on_not_found)
    api.exception_handler(HttpError)(on_http_error)
    api.exception_handler(ValidationError)(on_validation_error)


def _error(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if field:
        body["field"] = field
    return JsonResponse(body, status=status)


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.code, str(exc.message), exc.field)


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "not_found", _("Not found."))


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return _error(request, 401, "unauthorized", _("Sign in first."))
    if exc.status_code == 400:
        # Raised by ninja when the body cannot be parsed as JSON.
        return _error(request, 400, "malformed_body", _("The request body is not valid JSON."))
    if exc.status_code == 429:
        return _error(request, 429, "throttled", _("Too many requests. Try again later."))
    return _error(request, exc.status_code, "error", str(exc))


# Sources and the one body parameter name that prefix a pydantic error location.
_LOCATION_NOISE = {"body", "path", "query", "header", "cookie", "form", "payload"}


def _reason(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"literal_error", "enum"}:
        return _("Unknown value. Choose one of: %(choices)s.") % {
            "choices": ctx.get("expected", "")
        }
    if kind == "string_type":
        return _("Expected text.")
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return _("Expected a whole number.")
    if kind in {"float_type", "float_parsing", "finite_number"}:
        return _("Expected a number.")
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return _("Expected a JSON object.")
    if kind in {"greater_than", "greater_than_equal", "less_than", "less_than_equal"}:
        return _("The value is out of range.")
    if kind == "string_too_long":
        return _("The text is too long.")
    if kind == "string_pattern_mismatch":
        return _("The value has the wrong format.")
    if kind == "value_error" and ctx.get("error") is not None:
        return str(ctx["error"])  # our own validators' messages, already translated
    if kind == "timezone_aware":
        return _("Times must carry a time zone.")
    if kind == "time_range":
        return _("The time is out of range.")
    if kind in {"text_nul", "text_encoding"}:
        return _("The text contains characters that cannot be stored.")
    if kind == "iso_type" or kind.startswith(("date", "datetime", "time")):
        return _("Expected a date or time in ISO 8601 format.")
    return _("The value is not valid.")


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """422 with the first problem in words; ``field`` names where it is (``polygon``, ``kind``)."""
    first: dict[str, Any] = exc.errors[0] if exc.errors else {}
    loc = [str(part) for part in first.get("loc", ()) if str(part) not in _LOCATION_NOISE]
    # Union members add their type name to the location (``lat.float``); the field is the head.
    field = loc[0] if loc else None
    reason = _reason(first)
    message = _("%(field)s: %(reason)s") % {"field": field, "reason": reason} if field else reason
    return _error(request, 422, "invalid", message, field)
