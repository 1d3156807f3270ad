"""Typed helpers that read configuration from the environment.

Settings stay in one module; these helpers make every variable's type and default explicit,
and fail loudly on values that cannot be parsed instead of guessing.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path


class ConfigError(RuntimeError):
    """A configuration variable is missing or malformed."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str, default: list[str]) -> list[str]:
    """A list of IP addresses or networks (``10.0.0.0/8``), each checked now, not at first use."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ConfigError(f"{name} must list IP addresses or networks, got {item!r}") from exc
    return networks


def env_secret(name: str, *, fallback_file: Path | None) -> str:
    """Return a secret from the environment.

    For local runs (no production flag) a random key is generated once into ``fallback_file``
    so sessions survive restarts; in production the variable is required.
    """
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if fallback_file is None:
        raise ConfigError(f"{name} is required in production")
    if fallback_file.exists():
        return fallback_file.read_text(encoding="utf-8").strip()
    fallback_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    # Written with owner-only permissions: anyone who reads it can forge sessions.
    fd = os.open(fallback_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value
