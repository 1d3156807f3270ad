"""The command's personal data (garrison.core.personal): none of its own. Directives and reports
name their sender by user id only, and their words are orders and situations, not people."""

from __future__ import annotations
