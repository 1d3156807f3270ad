"""The write path of the communications plan: channels and talk groups, and who is on each.

A frequency is written in MHz ("150.2500", "150,25" as typed in Viet Nam) and must fall in the
VHF/UHF bands handheld radios use (30–1000 MHz) on a 6.25 kHz step or finer; a talk group id is
a whole number a trunked or DMR system can carry (up to 16,777,215, 24 bits). A channel has a
receive frequency, a talk group, or both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from garrison.accounts.access import require_role
from garrison.accounts.models import Membership
from garrison.audit.services import Actor, record
from garrison.core import validate
from garrison.core.errors import DomainError
from garrison.forces.models import Unit
from garrison.readiness.comms.models import Channel, Function, Mode
from garrison.readiness.roles import LOGISTICS

LOWEST_MHZ, HIGHEST_MHZ = Decimal(30), Decimal(1000)
MAX_TALK_GROUP = 16_777_215
_FREQUENCY = re.compile(r"\d{2,3}([.,]\d{1,4})?")
# A CTCSS tone in Hz ("88.5"), a DCS code ("D023N") or a P25 NAC in hex ("293"), or nothing.
_TONE = re.compile(r"(\d{2,3}(\.\d)?|D\d{3}[NI]?|[0-9A-F]{3})", re.IGNORECASE)


@dataclass
class ChannelData:
    number: int
    name: str
    function: str
    rx_mhz: str = ""
    tx_mhz: str = ""
    rx_tone: str = ""
    tx_tone: str = ""
    talk_group: str = ""
    mode: str = Mode.ANALOG
    zone_group: str = ""
    remarks: str = ""
    unit_ids: list[int] = field(default_factory=list)


def frequency(text: str, name: str) -> Decimal | None:
    """A frequency in MHz from what was typed; None for nothing; DomainError when malformed."""
    text = (text or "").strip()
    if not text:
        return None
    if not _FREQUENCY.fullmatch(text):
        raise DomainError(
            "bad_frequency",
            _("Write the frequency in MHz with a dot, e.g. 150.2500."),
            field=name,
        )
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise DomainError("bad_frequency", _("Write the frequency in MHz."), field=name) from exc
    if not LOWEST_MHZ <= value <= HIGHEST_MHZ:
        raise DomainError(
            "frequency_out_of_band",
            _("A radio frequency here lies between 30 and 1000 MHz."),
            field=name,
        )
    if (value * 1_000_000) % 6250:
        raise DomainError(
            "frequency_off_step",
            _("The frequency is not on a 6.25 kHz channel step."),
            field=name,
        )
    return value


def _tone(text: str, name: str) -> str:
    text = (text or "").strip().upper()
    if text and not _TONE.fullmatch(text):
        raise DomainError(
            "bad_tone",
            _("Write a tone in Hz (88.5), a DCS code (D023N) or a NAC (293)."),
            field=name,
        )
    return text


def _talk_group(text: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= MAX_TALK_GROUP:
        raise DomainError(
            "bad_talk_group",
            _("A talk group id is a whole number from 1 to %(n)d.") % {"n": MAX_TALK_GROUP},
            field="talk_group",
        )
    return int(text)


def summary(channel: Channel) -> dict[str, Any]:
    return {
        "number": channel.number,
        "name": channel.name,
        "function": channel.function,
        "rx_mhz": str(channel.rx_mhz) if channel.rx_mhz is not None else None,
        "tx_mhz": str(channel.tx_mhz) if channel.tx_mhz is not None else None,
        "talk_group": channel.talk_group,
        "mode": channel.mode,
        "unit_ids": sorted(u.pk for u in channel.units.all()) if channel.pk else [],
    }


def _apply(membership: Membership, channel: Channel, data: ChannelData) -> list[int]:
    if not isinstance(data.number, int) or not 1 <= data.number <= 9999:
        raise DomainError("bad_number", _("A channel number is from 1 to 9999."), field="number")
    channel.number = data.number
    channel.name = validate.text(data.name, "name", max_length=60, one_line=True)
    channel.function = validate.choice(data.function, Function, "function")
    channel.mode = validate.choice(data.mode, Mode, "mode")
    channel.zone_group = validate.text(
        data.zone_group, "zone_group", max_length=40, required=False, one_line=True
    )
    channel.remarks = validate.text(
        data.remarks, "remarks", max_length=300, required=False, one_line=True
    )
    channel.rx_mhz = frequency(data.rx_mhz, "rx_mhz")
    channel.tx_mhz = frequency(data.tx_mhz, "tx_mhz") or channel.rx_mhz  # simplex: the same
    channel.rx_tone = _tone(data.rx_tone, "rx_tone")
    channel.tx_tone = _tone(data.tx_tone, "tx_tone") or channel.rx_tone
    channel.talk_group = _talk_group(data.talk_group)
    if channel.rx_mhz is None and channel.talk_group is None:
        raise DomainError(
            "no_frequency",
            _("Give the channel a receive frequency, a talk group id, or both."),
            field="rx_mhz",
        )
    ids = sorted(set(data.unit_ids))
    if Unit.objects.filter(event_id=membership.event_id, pk__in=ids).count() != len(ids):
        raise DomainError("unknown_unit", _("Choose units of this event."), field="unit_ids")
    return ids


def _save(membership: Membership, channel: Channel, unit_ids: list[int]) -> None:
    try:
        with transaction.atomic():
            channel.save()
    except IntegrityError as exc:
        raise DomainError(
            "number_taken", _("Another channel has this number."), field="number"
        ) from exc
    channel.units.set(unit_ids)


def create_channel(membership: Membership, data: ChannelData) -> Channel:
    require_role(membership, LOGISTICS)
    channel = Channel(event_id=membership.event_id)
    unit_ids = _apply(membership, channel, data)
    with transaction.atomic():
        _save(membership, channel, unit_ids)
        record(
            Actor.of_user(membership.user),
            "readiness.channel.created",
            channel,
            event_id=membership.event_id,
            after=summary(channel),
        )
    return channel


def update_channel(membership: Membership, channel: Channel, data: ChannelData) -> Channel:
    require_role(membership, LOGISTICS)
    before = summary(channel)
    unit_ids = _apply(membership, channel, data)
    with transaction.atomic():
        _save(membership, channel, unit_ids)
        record(
            Actor.of_user(membership.user),
            "readiness.channel.updated",
            channel,
            event_id=membership.event_id,
            before=before,
            after=summary(channel),
        )
    return channel


def delete_channel(membership: Membership, channel: Channel) -> None:
    require_role(membership, LOGISTICS)
    with transaction.atomic():
        record(
            Actor.of_user(membership.user),
            "readiness.channel.deleted",
            channel,
            event_id=membership.event_id,
            before=summary(channel),
        )
        channel.delete()
