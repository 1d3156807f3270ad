"""Hash chain arithmetic: hash = SHA-256(previous hash ‖ canonical JSON of the entry)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_json(data: dict[str, Any]) -> bytes:
    # Sorted keys and fixed separators: the same entry always gives the same bytes.
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def link_hash(prev_hash: str, data: dict[str, Any]) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_json(data)).hexdigest()
