"""The sensors' personal data (garrison.core.personal): none.

Counting devices send counts, never an image, a face, a plate or an identity, and the API refuses
a body that carries one (``schemas``). A device is named for its place ("Camera, main gate"),
not for a person — the form asks for that, unlike a scanner phone, which is often its guard's.
"""

from __future__ import annotations
