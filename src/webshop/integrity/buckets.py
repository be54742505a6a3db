"""The periods the summaries count orders in, worked out in SQL from an order's `created_at`:
its UTC day and quarter hour (`order_totals`), its UTC day and week from Monday
(`product_sales_by_period`).

Written here from the definitions in `webshop.orders.revenue` rather than taken from the code
that keeps the summaries, so that a mistake there shows up as a finding instead of being
repeated by the check.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, Integer, cast, func, literal_column

from webshop.db.base import UTCDateTime

POSTGRES = "postgresql"
DAY_MINUTES = 24 * 60

# SQLite keeps a datetime as "YYYY-MM-DD HH:MM:SS.ffffff" (UTC here). Its buckets are cut from
# that text and built as SQLAlchemy stores them, so they equal the stored `starts_at` and
# `starts_on`; SQLite's date functions would round to milliseconds (23:59:59.9999 would fall
# on the next day).
_SQLITE_MIDNIGHT = " 00:00:00.000000"


def span_start(dialect: str, moment: Any, minutes: int) -> ColumnElement[Any]:
    """The first instant of the UTC day (1440) or quarter hour (15) `moment` falls in."""
    if dialect == POSTGRES:
        # Bins counted from the epoch, a UTC midnight: UTC days and quarter hours.
        interval: ColumnElement[Any] = literal_column(f"interval '{int(minutes)} minutes'")
        epoch: ColumnElement[Any] = literal_column("timestamptz 'epoch'")
        return func.date_bin(interval, moment, epoch, type_=UTCDateTime)
    if minutes == DAY_MINUTES:
        return func.substr(moment, 1, 10).op("||")(_SQLITE_MIDNIGHT)
    minute = cast(func.substr(moment, 15, 2), Integer) // minutes * minutes
    return func.substr(moment, 1, 14).op("||")(func.printf("%02d", minute)).op("||")(":00.000000")


def utc_date(dialect: str, moment: Any) -> ColumnElement[Any]:
    """The UTC calendar day of `moment`."""
    if dialect == POSTGRES:
        return cast(func.timezone("UTC", moment), Date)
    return func.substr(moment, 1, 10)


def monday_of(dialect: str, day: Any) -> ColumnElement[Any]:
    """The Monday starting the week of the calendar day `day`."""
    if dialect == POSTGRES:
        # As a timestamp without a time zone: a date would be taken as local midnight.
        return cast(func.date_trunc("week", cast(day, DateTime)), Date)
    return func.date(day, "-6 days", "weekday 1")
