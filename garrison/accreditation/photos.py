"""Until the demo moves to garrison/demo: its badge photos import ``clean_photo`` from here.

The sanitiser is ``garrison.core.images``; delete this module once the demo imports it from there.
"""

from __future__ import annotations

from garrison.core.images import clean_photo

__all__ = ["clean_photo"]
