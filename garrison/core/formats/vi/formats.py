"""Vietnamese: day-first dates, 24-hour times (see ``garrison.core.formats``).

Both languages read the same formats, kept once in ``shared``; Django looks for a module per
language, so each re-exports them whole.
"""

from __future__ import annotations

from garrison.core.formats.shared import *  # noqa: F403
