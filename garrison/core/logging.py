"""Log filters: a log line must stay one line, whatever text an attacker puts in a field."""

from __future__ import annotations

import logging


class EscapeNewlinesFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "\n" in message or "\r" in message:
            record.msg = message.replace("\r", "\\r").replace("\n", "\\n")
            record.args = None
        return True


security_log = logging.getLogger("garrison.security")
