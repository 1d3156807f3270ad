"""Small helpers for the few queries written out as SQL (the scan batch's hot path).

Building a query through the ORM costs a few hundred microseconds of Python each time, which
matters only where a query runs under the write lock for every batch of scans. Names come from
the models, values are always bound, never formatted in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from functools import cache
from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


@cache
def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@cache
def field(model: type[Model], name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", model._meta.get_field(name))


def column(model: type[Model], name: str) -> str:
    """The column's quoted name, alone."""
    return connection.ops.quote_name(cast(str, field(model, name).column))


def col(model: type[Model], name: str) -> str:
    """The column's quoted name, qualified by its table (for joins)."""
    return f"{table(model)}.{column(model, name)}"


def marks(values: Collection[object]) -> str:
    """One placeholder per value, for ``IN (…)``."""
    return ", ".join(["%s"] * len(values))


def fetch(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def execute(sql: str, params: Sequence[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def db_time(value: dt.datetime) -> Any:
    """An aware time as the database takes it (SQLite: text in UTC)."""
    return connection.ops.adapt_datetimefield_value(value)
