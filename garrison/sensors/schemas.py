"""The count message's shape: numbers and a time, nothing else (docs/security.md #25).

The schema has no field that could hold an image, a face, a plate or an identity, and a body
that carries any field it does not name is refused, not ignored: a device that sends a snapshot
or a plate "as well" is misconfigured, and its counts cannot be trusted to be counts only. A key
that looks like such data is named as such (``identity_refused``), any other as
``unknown_field``; both are 422 with the field's place in the body.

Plain pydantic models on the hot path (as check-in's uploads): ninja's Schema adds a wrapping
validator per instance.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from garrison.core.errors import DomainError
from garrison.events.schemas import AwareTime

MAX_BATCH = 1000
Count = Annotated[StrictInt, Field(ge=0, le=1_000_000)]

# Words that mark a key as carrying what a count must never carry. Matched against the key's
# words (split at anything not a letter or digit, and at camelCase), so "message" or "page" do
# not match "age".
_IDENTITY_WORDS = frozenset(
    """image images img photo photos picture pictures jpeg jpg png bitmap frame frames snapshot
    snapshots video clip thumbnail crop base64 blob face faces facial biometric biometrics
    embedding embeddings template descriptor feature features iris fingerprint gait plate
    plates licence license registration lpr anpr alpr vrm vin person persons people identity
    identities identifier name names fullname passport cccd cmnd phone msisdn imsi imei mac
    bluetooth wifi track tracks tracking trajectory reid gender sex age ethnicity race
    attributes""".split()  # noqa: SIM905 - a word list reads better as words
)
_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def identity_like(key: str) -> bool:
    words = {w.lower() for w in _WORD.findall(key)}
    return bool(words & _IDENTITY_WORDS) or any(
        part in key.lower() for part in ("face", "plate", "image", "photo", "biometr")
    )


def _refuse_extra(data: Any, allowed: frozenset[str], where: str) -> None:
    if not isinstance(data, dict):
        return  # the type check says what is wrong
    for key in data:
        if key in allowed:
            continue
        field = f"{where}{key}"[:200]
        if not isinstance(key, str) or identity_like(key):
            raise DomainError(
                "identity_refused",
                _(
                    "Counts only: this API takes no images, faces, plates or identities, and "
                    "refuses a message that carries one (%(field)s)."
                )
                % {"field": field},
                status=422,
                field=field,
            )
        raise DomainError(
            "unknown_field",
            _(
                "Unknown field %(field)s: a count message has only id, observed_at, "
                "interval_seconds, in, out, occupancy and vehicles."
            )
            % {"field": field},
            status=422,
            field=field,
        )


class CountIn(BaseModel):
    model_config = ConfigDict(populate_by_name=False, extra="forbid")

    id: Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")] = (
        Field(description="The device's own message id: its idempotency key.")
    )
    observed_at: AwareTime = Field(description="End of the counted interval (ISO 8601).")
    interval_seconds: Annotated[StrictInt, Field(ge=1, le=3600)] = Field(
        default=60, description="Length of the counted interval."
    )
    entered: Count | None = Field(default=None, alias="in", description="People who came in.")
    exited: Count | None = Field(default=None, alias="out", description="People who went out.")
    occupancy: Count | None = Field(default=None, description="People inside (absolute).")
    vehicles: Count | None = Field(default=None, description="Vehicles that passed.")


_COUNT_KEYS = frozenset(
    {"id", "observed_at", "interval_seconds", "in", "out", "occupancy", "vehicles"}
)


class CountsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    messages: list[CountIn] = Field(max_length=MAX_BATCH)

    @model_validator(mode="before")
    @classmethod
    def _counts_only(cls, data: Any) -> Any:
        # Once for the batch, not once per message: a validator of each message's own
        # measured at 40 µs a message, most of the batch's validation.
        _refuse_extra(data, frozenset({"messages"}), "")
        messages = data.get("messages") if isinstance(data, dict) else None
        if isinstance(messages, list):
            for message in messages:
                if isinstance(message, dict) and not _COUNT_KEYS.issuperset(message):
                    _refuse_extra(message, _COUNT_KEYS, "messages.")
        return data


class CountsOut(BaseModel):
    stored: int = Field(description="Messages stored now.")
    duplicates: int = Field(description="Messages whose id was stored before: counted once.")
