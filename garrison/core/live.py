"""Real-time events: journalled in the transaction, broadcast after commit."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from garrison.core.models import LiveEvent

if TYPE_CHECKING:
    from garrison.events.models import Event


def group_name(event_id: int) -> str:
    return f"event.{event_id}"


def emit(
    event: Event, kind: str, payload: dict[str, Any], *, unit_ids: list[int] | None = None
) -> LiveEvent:
    """Journal ``kind`` for ``event`` and broadcast it once the surrounding transaction commits.

    On rollback the journal row disappears with everything else and nothing is broadcast, so a
    client never sees a change that did not happen.
    """
    row = LiveEvent.objects.create(event=event, kind=kind, payload=payload, unit_ids=unit_ids)
    message = serialize(row)
    transaction.on_commit(lambda: _broadcast(event.pk, message))
    return row


def serialize(row: LiveEvent) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "payload": row.payload,
        "unit_ids": row.unit_ids,
        "created": row.created.isoformat(),
    }


def _broadcast(event_id: int, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    # Encoded once here, not once per listening client: a group send copies the message for every
    # member of the group (the in-memory layer deep-copies it), and a string copies cheaply.
    async_to_sync(layer.group_send)(
        group_name(event_id),
        {"type": "live.event", "text": json.dumps(message), "unit_ids": message["unit_ids"]},
    )
