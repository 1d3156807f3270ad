"""The one error type that services raise.

``code`` is stable and machine-readable (the API returns it); ``message`` is translated (the UI
shows it). ``status`` is the HTTP status a view should answer with.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    def __init__(
        self,
        code: str,
        message: str | Promise,
        *,
        status: int = 400,
        field: str | None = None,
    ) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.field = field

    def as_dict(self) -> dict[str, str]:
        data = {"code": self.code, "message": str(self.message)}
        if self.field:
            data["field"] = self.field
        return data


class NotFound(DomainError):
    """Answered as 404 — also for objects that exist in another event or unit, so nothing leaks."""

    def __init__(self, message: str | Promise = "Not found") -> None:
        super().__init__("not_found", message, status=404)


class Forbidden(DomainError):
    def __init__(self, message: str | Promise) -> None:
        super().__init__("forbidden", message, status=403)
