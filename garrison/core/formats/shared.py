"""The formats both languages share (each language's ``formats.py`` re-exports them).

Display formats use Django's ``date`` syntax, input formats Python's ``strptime``. ISO comes first
among the input formats: the ``date`` and ``datetime-local`` widgets render a value with the first
one and the browser accepts only ISO; day-first is accepted when typed, month-first never is.
"""

from __future__ import annotations

DATE_FORMAT = "d/m/Y"  # 15/12/2026
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"  # 15/12/2026 14:05
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"  # 14:05
MONTH_DAY_FORMAT = "d/m"  # 15/12
YEAR_MONTH_FORMAT = "m/Y"  # 12/2026
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M:%S.%f", "%H:%M"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
]
