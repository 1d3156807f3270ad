"""Patrols' personal data (garrison.core.personal): none in text. A visit names its walker by
account (the accounts app's data) and keeps where the phone was when it scanned; those positions
are purged with the event's other personal data (the retention policy's positions)."""

from __future__ import annotations
