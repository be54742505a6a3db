"""Calendar days in the shop's time zone, grouped in SQL.

PostgreSQL converts each timestamp to the shop's zone and takes its date. SQLite has no time
zones: in UTC it takes the date directly; elsewhere it groups by quarter hour in SQL (every
zone's offset is a multiple of 15 minutes) and those few rows are folded into local days here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Integer, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.db.base import utcnow


@dataclass(frozen=True)
class DayRange:
    """The last `days` calendar days up to today, and the UTC instants that bound them."""

    dates: list[date]
    start: datetime
    end: datetime

    @classmethod
    def last(cls, days: int, zone: ZoneInfo) -> DayRange:
        today = utcnow().astimezone(zone).date()
        first = today - timedelta(days=days - 1)
        return cls(
            dates=[first + timedelta(days=n) for n in range(days)],
            start=datetime.combine(first, time(), zone).astimezone(UTC),
            end=datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC),
        )


async def totals_by_day(
    session: AsyncSession,
    timestamp: Any,
    measures: Sequence[ColumnElement[Any]],
    *,
    where: Sequence[ColumnElement[bool]],
    days: DayRange,
    zone: ZoneInfo,
) -> dict[date, list[Any]]:
    """Sum each of `measures` per local day of `timestamp`, within `days`; missing days absent."""
    conditions = [*where, timestamp >= days.start, timestamp < days.end]
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        bucket: ColumnElement[Any] = func.date(func.timezone(zone.key, timestamp))
    elif zone.key == "UTC":
        bucket = func.date(timestamp)
    else:
        minute = cast(func.strftime("%M", timestamp), Integer) // 15 * 15
        bucket = func.strftime("%Y-%m-%d %H:", timestamp).op("||")(func.printf("%02d", minute))
    rows = await session.execute(
        select(bucket.label("bucket"), *measures).where(*conditions).group_by(bucket)
    )
    totals: dict[date, list[Any]] = defaultdict(lambda: [0] * len(measures))
    for key, *values in rows:
        day = _local_date(key, zone)
        totals[day] = [(a or 0) + (b or 0) for a, b in zip(totals[day], values, strict=True)]
    return dict(totals)


def _local_date(bucket: Any, zone: ZoneInfo) -> date:
    if isinstance(bucket, date):
        return bucket
    text = str(bucket)
    if len(text) == 10:  # already a date
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(zone).date()
