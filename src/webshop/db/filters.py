"""Conditions list filters share."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement

from webshop.core.inputs import end_of, start_of


def between(
    column: Any,
    start: date | datetime | None,
    end: date | datetime | None,
    zone: ZoneInfo,
) -> list[ColumnElement[bool]]:
    """`column` (a UTC time) at or after `start` and before `end`: a date includes its whole
    day, and a date or a time without an offset is in `zone`. Either may be left open."""
    conditions = []
    if start is not None:
        conditions.append(column >= start_of(start, zone))
    if end is not None:
        conditions.append(column < end_of(end, zone))
    return conditions
