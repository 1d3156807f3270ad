"""API shapes for events, phases, sites and zones.

Input shapes only describe and type-check a request; the rules (lengths, geometry, role) stay in
``events.services``. Scalars are strict so a wrong JSON type is a 422, never silently coerced
(``true`` is not a latitude, ``12345`` is not a time). Unknown fields are ignored by pydantic's
default ``extra="ignore"``: a client cannot smuggle ``event`` or ``id`` into a write.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, get_args

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    Field,
    StrictFloat,
    StrictInt,
    StrictStr,
)
from pydantic_core import PydanticCustomError

from garrison.core.schemas import BodyIn
from garrison.events.models import AccessLevel, Event, Phase, PhaseKind, Site, SiteKind, Zone

# Database ids are signed 64-bit; anything larger would overflow the driver, not miss a row.
MAX_ID = 2**63 - 1
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _storable_text(value: str) -> str:
    # PostgreSQL refuses NUL in text and no database can store a lone surrogate: refuse both
    # here so they are a 422 and not a driver error.
    if "\x00" in value:
        raise PydanticCustomError("text_nul", "Text must not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PydanticCustomError("text_encoding", "Text must be valid Unicode.") from exc
    return value


def _iso_string(value: Any) -> Any:
    # Pydantic would read a bare number as a Unix timestamp; the API speaks ISO 8601 only.
    if not isinstance(value, str):
        raise PydanticCustomError("iso_type", "Give the value as an ISO 8601 string.")
    return value


def _plausible_time(value: dt.datetime) -> dt.datetime:
    # Far-off years with an offset overflow when converted to UTC; an event lives in this era.
    try:
        utc = value.astimezone(dt.UTC)
    except OverflowError as exc:
        raise PydanticCustomError("time_range", "The time is out of range.") from exc
    if not 1970 <= utc.year <= 2200:
        raise PydanticCustomError("time_range", "The time is out of range.")
    return value


Text = Annotated[StrictStr, AfterValidator(_storable_text)]
Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
AwareTime = Annotated[
    AwareDatetime,
    BeforeValidator(_iso_string),
    AfterValidator(_plausible_time),
    Field(json_schema_extra={"format": "date-time"}),
]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_string)]
Latitude = Annotated[StrictFloat | StrictInt, Field(ge=-90, le=90, allow_inf_nan=False)]
Longitude = Annotated[StrictFloat | StrictInt, Field(ge=-180, le=180, allow_inf_nan=False)]

SiteKindValue = Literal[
    "venue", "hotel", "key_target", "hospital", "fire_station", "assembly_point", "other"
]
PhaseKindValue = Literal["before", "during", "after", "custom"]
AccessLevelValue = Literal["open", "controlled", "restricted", "secure"]

# The Literals above must list exactly the model choices; checked at import, so a new choice
# cannot be forgotten here.
for _literal, _choices in (
    (SiteKindValue, SiteKind),
    (PhaseKindValue, PhaseKind),
    (AccessLevelValue, AccessLevel),
):
    if set(get_args(_literal)) != set(_choices.values):
        raise ImproperlyConfigured(f"API choices out of date for {_choices.__name__}")


# --- Event --------------------------------------------------------------------------------------


class EventOut(Schema):
    slug: str
    name: str
    description: str
    starts_on: dt.date
    ends_on: dt.date
    time_zone: str
    role: str = Field(description="Your role in this event.")

    @staticmethod
    def of(event: Event, role: str) -> EventOut:
        return EventOut(
            slug=event.slug,
            name=event.name,
            description=event.description,
            starts_on=event.starts_on,
            ends_on=event.ends_on,
            time_zone=event.time_zone,
            role=role,
        )


class EventPatch(BodyIn):
    """Only the fields given change; ``null`` or a missing field keeps the current value."""

    name: Text | None = None
    description: Text | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    time_zone: Text | None = Field(default=None, max_length=64)


# --- Phase --------------------------------------------------------------------------------------


class PhaseIn(BodyIn):
    kind: PhaseKindValue
    name: Text
    starts_at: AwareTime = Field(description="ISO 8601 with an offset.")
    ends_at: AwareTime = Field(description="ISO 8601 with an offset.")


class PhaseOut(Schema):
    id: int
    kind: str
    name: str
    starts_at: dt.datetime = Field(description="ISO 8601, in the event's time zone.")
    ends_at: dt.datetime = Field(description="ISO 8601, in the event's time zone.")

    @staticmethod
    def of(phase: Phase, event: Event) -> PhaseOut:
        # Shown in the event's own zone, with its offset, whatever zone the server runs in.
        return PhaseOut(
            id=phase.pk,
            kind=phase.kind,
            name=phase.name,
            starts_at=phase.starts_at.astimezone(event.tzinfo),
            ends_at=phase.ends_at.astimezone(event.tzinfo),
        )


# --- Site ---------------------------------------------------------------------------------------


class SiteIn(BodyIn):
    name: Text
    kind: SiteKindValue
    lat: Latitude
    lon: Longitude
    address: Text = ""
    polygon: dict[str, Any] | None = Field(
        default=None, description="A GeoJSON Polygon geometry (or a Feature holding one)."
    )


class SiteOut(Schema):
    id: int
    name: str
    kind: str
    address: str
    lat: float
    lon: float
    polygon: dict[str, Any] | None

    @staticmethod
    def of(site: Site) -> SiteOut:
        return SiteOut(
            id=site.pk,
            name=site.name,
            kind=site.kind,
            address=site.address,
            lat=site.lat,
            lon=site.lon,
            polygon=site.polygon,
        )


# --- Zone ---------------------------------------------------------------------------------------


class ZoneIn(BodyIn):
    site_id: Id
    code: Text
    name: Text
    polygon: dict[str, Any] = Field(description="A GeoJSON Polygon geometry inside the site.")
    access_level: AccessLevelValue
    capacity: Annotated[StrictInt, Field(ge=0, le=10_000_000)] | None = None


class ZoneOut(Schema):
    id: int
    site_id: int
    code: str
    name: str
    polygon: dict[str, Any]
    access_level: str
    capacity: int | None

    @staticmethod
    def of(zone: Zone) -> ZoneOut:
        return ZoneOut(
            id=zone.pk,
            site_id=zone.site_id,
            code=zone.code,
            name=zone.name,
            polygon=zone.polygon,
            access_level=zone.access_level,
            capacity=zone.capacity,
        )


# --- Map ----------------------------------------------------------------------------------------


class FeatureOut(Schema):
    type: Literal["Feature"] = "Feature"
    id: str
    geometry: dict[str, Any]
    properties: dict[str, Any]


class FeatureCollectionOut(Schema):
    type: Literal["FeatureCollection"] = "FeatureCollection"
    features: list[FeatureOut]
