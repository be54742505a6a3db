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

from sqlalchemy import ColumnElement, Integer, Label, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.clock import utcnow


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
    measures: Sequence[Label[Any]],
    *,
    where: Sequence[ColumnElement[bool]],
    days: DayRange,
    zone: ZoneInfo,
) -> dict[date, dict[str, Any]]:
    """Sum each of the labelled `measures` per local day of `timestamp`, within `days`, by
    label; days without rows are absent."""
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
    names = [measure.name for measure in measures]
    totals: dict[date, dict[str, Any]] = defaultdict(lambda: dict.fromkeys(names, 0))
    for row in rows:
        day = totals[_local_date(row.bucket, zone)]
        for name in names:
            day[name] += row._mapping[name] or 0
    return dict(totals)


def _local_date(bucket: Any, zone: ZoneInfo) -> date:
    if isinstance(bucket, date):
        return bucket
    text = str(bucket)
    if len(text) == 10:  # already a date
        return date.fromisoformat(text)
    return datetime.fromisoformat(text).replace(tzinfo=UTC).astimezone(zone).date()
