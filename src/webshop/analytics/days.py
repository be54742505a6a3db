"""Calendar days in the shop's time zone: the range a report covers, grouped in SQL.

PostgreSQL converts each timestamp to the shop's zone and takes its date. SQLite has no time
zones: in UTC it takes the date directly; elsewhere it groups by quarter hour in SQL (every
zone's offset is a multiple of 15 minutes) and those few rows are folded into local days here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, overload
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Integer,
    Label,
    Row,
    Select,
    String,
    bindparam,
    cast,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics.errors import InvalidPeriod
from webshop.analytics.schemas import MAX_RANGE_DAYS, Compare, Period, PeriodQuery
from webshop.core.clock import utcnow


@dataclass(frozen=True)
class DayRange:
    """Consecutive calendar days in `zone`, and the UTC instants that bound them: from
    `start` (the first day's local midnight) up to, not including, `end` (the local midnight
    after the last day). A day is 23 or 25 hours long when the clocks change."""

    dates: list[date]
    start: datetime
    end: datetime
    zone: ZoneInfo

    @classmethod
    def between(cls, first: date, last: date, zone: ZoneInfo) -> DayRange:
        """`first` to `last`, both included."""
        days = (last - first).days + 1
        return cls(
            dates=[first + timedelta(days=n) for n in range(days)],
            start=_midnight(first, zone),
            end=_midnight(last + timedelta(days=1), zone),
            zone=zone,
        )

    @classmethod
    def last(cls, days: int, zone: ZoneInfo) -> DayRange:
        """The last `days` days, today included."""
        return cls.ending(today(zone), days, zone)

    @classmethod
    def ending(cls, last: date, days: int, zone: ZoneInfo) -> DayRange:
        return cls.between(last - timedelta(days=days - 1), last, zone)

    def bounds(self) -> dict[str, Any]:
        """What a `by_day` statement is run with to cover these days."""
        return {"days_start": self.start, "days_end": self.end, "zone": self.zone.key}

    @property
    def first_day(self) -> date:
        return self.dates[0]

    @property
    def last_day(self) -> date:
        return self.dates[-1]

    def previous(self) -> DayRange:
        """The equally long range that ends the day before this one begins."""
        return DayRange.ending(self.first_day - timedelta(days=1), len(self.dates), self.zone)

    def period(self) -> Period:
        return Period(date_from=self.first_day, date_to=self.last_day, days=len(self.dates))

    def are_utc_days(self) -> bool:
        """Whether each of its days begins and ends at a UTC midnight (in UTC, and in zones
        while their offset is 0)."""
        return all(
            _midnight(day, self.zone).time() == time()
            for day in [*self.dates, self.last_day + timedelta(days=1)]
        )


@dataclass(frozen=True)
class Periods:
    """The range a report covers and, when asked to compare, the one just before it."""

    current: DayRange
    previous: DayRange | None

    @property
    def whole(self) -> DayRange:
        """Both ranges as one (they are adjacent): to fetch both with one query."""
        if self.previous is None:
            return self.current
        return DayRange.between(self.previous.first_day, self.current.last_day, self.current.zone)

    def pairs(self) -> list[tuple[date, date | None]]:
        """Each day of the range beside the same day of the previous one (None without)."""
        if self.previous is None:
            return [(day, None) for day in self.current.dates]
        return list(zip(self.current.dates, self.previous.dates, strict=True))


def today(zone: ZoneInfo) -> date:
    return utcnow().astimezone(zone).date()


@overload
def resolve(query: PeriodQuery, *, default_days: int, zone: ZoneInfo) -> Periods: ...
@overload
def resolve(query: PeriodQuery, *, default_days: None, zone: ZoneInfo) -> Periods | None: ...
def resolve(query: PeriodQuery, *, default_days: int | None, zone: ZoneInfo) -> Periods | None:
    """The days a report covers: `days` ending today or on `date_to`, or `date_from` to
    `date_to` (today without it), or else the endpoint's `default_days` ending today; None when
    nothing is asked for and the endpoint's default is all time (`default_days=None`). Raises
    `InvalidPeriod` for a range that cannot be meant."""
    compare = query.compare is Compare.PREVIOUS
    if query.days is not None and query.date_from is not None:
        raise InvalidPeriod("Give either days or date_from, not both.")
    if query.date_from is not None:
        last = query.date_to or today(zone)
        if query.date_from > last:
            raise InvalidPeriod(
                "date_from is after date_to."
                if query.date_to
                else "date_from is after today: give date_to too to see days to come."
            )
        days = (last - query.date_from).days + 1
        if days > MAX_RANGE_DAYS:
            raise InvalidPeriod(
                f"A range covers at most {MAX_RANGE_DAYS} days (two years); this one has {days}."
            )
        current = DayRange.between(query.date_from, last, zone)
    else:
        count = query.days or default_days
        if count is None:
            if query.date_to is not None:
                raise InvalidPeriod(
                    "Give date_from or days with date_to: this report has no"
                    " default number of days."
                )
            if compare:
                raise InvalidPeriod(
                    "compare=previous needs a range (days or date_from): all-time figures"
                    " have no previous period."
                )
            return None
        current = DayRange.ending(query.date_to or today(zone), count, zone)
    return Periods(current, current.previous() if compare else None)


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant `day` begins in `zone`."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


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
    label; days without rows are absent. `zone` is `days.zone`."""
    kind = bucket_kind(session.get_bind().dialect.name, zone)
    rows = await session.execute(by_day(kind, timestamp, measures, where=where), days.bounds())
    return fold_by_day(rows, [measure.name for measure in measures], zone)


def bucket_kind(dialect: str, zone: ZoneInfo) -> str:
    """How `by_day` finds a timestamp's day: `zone` (PostgreSQL converts to the zone bound as
    `zone`), `date` (SQLite in UTC) or `quarter` (SQLite elsewhere: quarter hours, folded into
    local days by `fold_by_day`)."""
    if dialect == "postgresql":
        return "zone"
    return "date" if zone.key == "UTC" else "quarter"


def by_day(
    kind: str,
    timestamp: Any,
    measures: Sequence[Label[Any]],
    *,
    where: Sequence[ColumnElement[bool]],
) -> Select[Any, Any]:
    """The labelled `measures` per day (of `bucket_kind` `kind`) of `timestamp` from
    `days_start` up to `days_end` (`DayRange.bounds`), bound when it runs: a statement to build
    once and run for any range."""
    bucket: ColumnElement[Any]
    if kind == "zone":
        bucket = func.date(func.timezone(bindparam("zone", type_=String), timestamp))
    elif kind == "date":
        bucket = func.date(timestamp)
    else:
        minute = cast(func.strftime("%M", timestamp), Integer) // 15 * 15
        bucket = func.strftime("%Y-%m-%d %H:", timestamp).op("||")(func.printf("%02d", minute))
    within = [timestamp >= bindparam("days_start"), timestamp < bindparam("days_end")]
    return select(bucket.label("bucket"), *measures).where(*where, *within).group_by(bucket)


def fold_by_day(
    rows: Iterable[Row[*tuple[Any, ...]]], names: Sequence[str], zone: ZoneInfo
) -> dict[date, dict[str, Any]]:
    """The rows of a `by_day` statement by local day in `zone`, each measure by name."""
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
