"""API shapes for units, members and qualifications. Rules stay in their services."""

from __future__ import annotations

from typing import Literal, get_args

from django.core.exceptions import ImproperlyConfigured
from ninja import Schema
from pydantic import Field

from garrison.core.schemas import BodyIn
from garrison.events.schemas import Id, Latitude, Longitude, Text
from garrison.forces.models import ForceMember, Qualification, Unit, UnitType

UnitTypeValue = Literal["police", "traffic_police", "guard", "fire", "medical", "military", "civil"]
if set(get_args(UnitTypeValue)) != set(UnitType.values):
    raise ImproperlyConfigured("API choices out of date for UnitType")


class UnitIn(BodyIn):
    name: Text = Field(max_length=200)
    code: Text = Field(max_length=32)
    type: UnitTypeValue
    parent_id: Id | None = None
    base_site_id: Id | None = None
    lat: Latitude | None = None
    lon: Longitude | None = None


class UnitOut(Schema):
    id: int
    name: str
    code: str
    type: str
    parent_id: int | None
    base_site_id: int | None
    lat: float | None
    lon: float | None

    @staticmethod
    def of(unit: Unit) -> UnitOut:
        return UnitOut(
            id=unit.pk,
            name=unit.name,
            code=unit.code,
            type=unit.type,
            parent_id=unit.parent_id,
            base_site_id=unit.base_site_id,
            lat=unit.lat,
            lon=unit.lon,
        )


class QualificationIn(BodyIn):
    code: Text = Field(max_length=32)
    name: Text = Field(max_length=120)


class QualificationOut(Schema):
    id: int
    code: str
    name: str

    @staticmethod
    def of(qualification: Qualification) -> QualificationOut:
        return QualificationOut(
            id=qualification.pk, code=qualification.code, name=qualification.name
        )


class MemberIn(BodyIn):
    full_name: Text = Field(max_length=200)
    unit_id: Id
    rank: Text = Field("", max_length=80)
    contact: Text = Field("", max_length=120)
    qualification_ids: list[Id] = Field(default_factory=list, max_length=100)
    user_id: Id | None = None


class MemberOut(Schema):
    id: int
    full_name: str
    unit_id: int
    rank: str
    contact: str
    qualification_ids: list[int]
    user_id: int | None

    @staticmethod
    def of(member: ForceMember) -> MemberOut:
        return MemberOut(
            id=member.pk,
            full_name=member.full_name,
            unit_id=member.unit_id,
            rank=member.rank,
            contact=member.contact,
            qualification_ids=sorted(q.pk for q in member.qualifications.all()),
            user_id=member.user_id,
        )
