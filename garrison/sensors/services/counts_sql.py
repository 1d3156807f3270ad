"""A batch's INSERT, written out as SQL (``core.sql``), like the check-in's scan batches.

``bulk_create`` prepares every value of every row through the model's fields: measured at about
70 % of a batch of 500 messages' server time, where the database took a few milliseconds. This
is the statement it would build, run once per row with ``executemany``. Values are bound, never
formatted in; names come from the model.
"""

# ruff: noqa: S608 - the SQL is assembled from model names only; every value is bound.

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import connection

from garrison.core.sql import column, db_time, marks, table
from garrison.sensors.models import CountMessage

COLUMNS = (
    "event",
    "device",
    "zone",
    "segment",
    "message_id",
    "observed_at",
    "interval_seconds",
    "entered",
    "exited",
    "occupancy",
    "vehicles",
    "received_at",
)


def insert_messages(rows: Sequence[tuple[Any, ...]], now: dt.datetime) -> None:
    """Rows of (event, device, zone, segment, message id, observed at, interval, entered,
    exited, occupancy, vehicles); received now."""
    if not rows:
        return
    names = ", ".join(column(CountMessage, name) for name in COLUMNS)
    sql = f"INSERT INTO {table(CountMessage)} ({names}) VALUES ({marks(COLUMNS)})"
    received = db_time(now)
    params = [(*row[:5], db_time(row[5]), *row[6:], received) for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
