"""What every API request body shares."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import model_validator


class BodyIn(Schema):
    """A request body: a JSON object and nothing else.

    Ninja schemas also read attributes of arbitrary objects, so without this a JSON array or
    string sent to a body whose fields are all optional (a PATCH) would pass as "no change".
    """

    @model_validator(mode="before")
    @classmethod
    def _object_only(cls, data: Any) -> Any:
        # Ninja's own validator has already wrapped the input; look at what was sent.
        raw = data._obj if isinstance(data, DjangoGetter) else data
        if not isinstance(raw, dict):
            raise ValueError(_("Expected a JSON object."))
        return data
