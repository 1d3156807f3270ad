"""A scan batch's reads and writes, as SQL written out (``core.sql``).

Building a query through the ORM costs a few hundred microseconds of Python each time
(measured: 640 µs to build the credential query, 37 µs to run it), and a batch runs its queries
while holding the write lock: for a batch of one scan the ORM was most of the time. These are
the queries the ORM would build; each reads plain values (ints, strings, flags), never model
instances. Everything else in Garrison uses the ORM.
"""

# ruff: noqa: S608 - the SQL is assembled from model names only; every value is bound.

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Sequence
from typing import Any

from django.db import connection

from garrison.accounts.models import Device
from garrison.checkin.models import Checkpoint, Presence, Scan, Scanner
from garrison.core.sql import col, column, db_time, execute, fetch, field, marks, table
from garrison.events.models import Event


def _uuid(value: uuid.UUID) -> Any:
    return field(Scan, "client_id").get_db_prep_value(value, connection)


def gate_rows(token_hashes: Collection[str]) -> list[tuple[Any, ...]]:
    """(token hash, device id, event id, active, checkpoint id or None, zone id, direction,
    event time zone) for each device holding one of these token hashes."""
    device, scanner, checkpoint, event = (
        table(Device),
        table(Scanner),
        table(Checkpoint),
        table(Event),
    )
    sql = (
        f"SELECT {col(Device, 'token_hash')}, {col(Device, 'id')}, {col(Device, 'event')},"
        f" {col(Device, 'revoked_at')} IS NULL, {col(Scanner, 'checkpoint')},"
        f" {col(Checkpoint, 'zone')}, {col(Checkpoint, 'direction')},"
        f" {col(Event, 'time_zone')}"
        f" FROM {device} INNER JOIN {event} ON {col(Event, 'id')} = {col(Device, 'event')}"
        f" LEFT JOIN {scanner} ON {col(Scanner, 'device')} = {col(Device, 'id')}"
        f" LEFT JOIN {checkpoint} ON {col(Checkpoint, 'id')} = {col(Scanner, 'checkpoint')}"
        f" WHERE {col(Device, 'token_hash')} IN ({marks(token_hashes)})"
    )
    return [(*row[:3], bool(row[3]), *row[4:]) for row in fetch(sql, list(token_hashes))]


def stored_scans(client_ids: Collection[uuid.UUID]) -> list[tuple[Any, ...]]:
    """(client id, event id, device id, serial, result, flagged) of the scans already stored
    under these ids."""
    if not client_ids:
        return []
    names = ("client_id", "event", "device", "serial", "result", "flagged")
    sql = (
        f"SELECT {', '.join(col(Scan, name) for name in names)} FROM {table(Scan)}"
        f" WHERE {col(Scan, 'client_id')} IN ({marks(client_ids)})"
    )
    rows = fetch(sql, [_uuid(client_id) for client_id in client_ids])
    return [
        (row[0] if isinstance(row[0], uuid.UUID) else uuid.UUID(row[0]), *row[1:5], bool(row[5]))
        for row in rows
    ]


def lock_presence(zones: Collection[int], serials: Collection[int]) -> list[tuple[Any, ...]]:
    """(id, event id, zone id, serial, inside) of the presence rows for these zones × serials,
    locked for the transaction (PostgreSQL; SQLite's write transaction already is the lock), in
    id order so two batches never wait on each other in a ring."""
    names = ("id", "event", "zone", "serial", "inside")
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = (
        f"SELECT {', '.join(col(Presence, name) for name in names)} FROM {table(Presence)}"
        f" WHERE {col(Presence, 'zone')} IN ({marks(zones)})"
        f" AND {col(Presence, 'serial')} IN ({marks(serials)})"
        f" ORDER BY {col(Presence, 'id')}{lock}"
    )
    return [(*row[:4], bool(row[4])) for row in fetch(sql, [*zones, *serials])]


def set_inside(row_ids: Collection[int], inside: bool, now: dt.datetime) -> None:
    if not row_ids:
        return
    sql = (
        f"UPDATE {table(Presence)} SET {column(Presence, 'inside')} = %s,"
        f" {column(Presence, 'updated')} = %s WHERE {column(Presence, 'id')} IN ({marks(row_ids)})"
    )
    execute(sql, [inside, db_time(now), *row_ids])


_SCAN_COLUMNS = (
    "event",
    "client_id",
    "device",
    "checkpoint",
    "zone",
    "direction",
    "serial",
    "version",
    "result",
    "scanned_at",
    "offline",
    "flagged",
    "received_at",
)


def insert_scans(rows: Sequence[tuple[Any, ...]], now: dt.datetime) -> None:
    """One prepared INSERT run for every row: (event, client id, device, checkpoint, zone,
    direction, serial, version, result, scanned at, offline, flagged); received now."""
    if not rows:
        return
    columns = ", ".join(column(Scan, name) for name in _SCAN_COLUMNS)
    sql = f"INSERT INTO {table(Scan)} ({columns}) VALUES ({marks(_SCAN_COLUMNS)})"
    received = db_time(now)
    params = [
        (*row[:1], _uuid(row[1]), *row[2:9], db_time(row[9]), *row[10:], received) for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
