"""CSV reports: the same figures as the API, one row per day, product or customer."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.analytics import service
from webshop.analytics.days import Periods, resolve, today
from webshop.analytics.schemas import (
    Change,
    OrdersFigures,
    PeriodQuery,
    ProductFigures,
    ProductSort,
    RevenueFigures,
    UsersFigures,
)
from webshop.customers import service as customers_service
from webshop.customers.schemas import CustomerSort, SortOrder

EXPORT_ROWS = 100_000
PRODUCT_COLUMNS = [
    "product_id",
    "name",
    "category",
    *ProductFigures.model_fields,
    "average_rating",
    "review_count",
]


class Report(StrEnum):
    REVENUE = "revenue"
    ORDERS = "orders"
    USERS = "users"
    PRODUCTS = "products"
    CUSTOMERS = "customers"


@dataclass(frozen=True)
class CsvFile:
    filename: str
    body: str


async def export_csv(
    session: AsyncSession, report: Report, period: PeriodQuery, *, zone: ZoneInfo
) -> CsvFile:
    """`report` as CSV over the period: the series 30 days (users 7) unless a range is given,
    products all time unless a range is given, customers all time (whatever the period). With
    `compare=previous`, each row also has the previous period's figures and the change."""
    periods: Periods | None = None
    header: list[str]
    rows: list[list[Any]]
    if report is Report.CUSTOMERS:
        header, rows = await _customers(session)
    elif report is Report.PRODUCTS:
        periods = resolve(period, default_days=None, zone=zone)
        products = await service.product_performance_for(
            session, periods, sort=ProductSort.REVENUE, skip=0, limit=EXPORT_ROWS
        )
        header, rows = _table(products.items, PRODUCT_COLUMNS, ProductFigures, periods)
    elif report is Report.USERS:
        periods = resolve(period, default_days=service.USERS_DAYS, zone=zone)
        users = await service.user_analytics_for(session, periods)
        header, rows = _table(users.series, list(UsersFigures.model_fields), UsersFigures, periods)
    else:
        periods = resolve(period, default_days=service.SERIES_DAYS, zone=zone)
        revenue, orders = await service.order_series_for(session, periods)
        if report is Report.REVENUE:
            header, rows = _table(
                revenue, list(RevenueFigures.model_fields), RevenueFigures, periods
            )
        else:
            header, rows = _table(orders, list(OrdersFigures.model_fields), OrdersFigures, periods)
    if periods is None:
        named = today(zone).isoformat()
    else:
        named = f"{periods.current.first_day.isoformat()}-to-{periods.current.last_day.isoformat()}"
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(header)
    writer.writerows([["" if value is None else _safe(value) for value in row] for row in rows])
    return CsvFile(filename=f"webshop-{report}-{named}.csv", body=output.getvalue())


class Compared(Protocol):
    """A row's figures with the previous period's beside them (when comparing)."""

    @property
    def previous(self) -> BaseModel | None: ...

    @property
    def change(self) -> Change | None: ...


def _table(
    items: Sequence[Compared],
    columns: list[str],
    figures: type[BaseModel],
    periods: Periods | None,
) -> tuple[list[str], list[list[Any]]]:
    """`columns` of each item and, when comparing, the previous period's `figures`
    (`previous_<figure>`) and the change of each (`<figure>_change_pct`)."""
    comparing = periods is not None and periods.previous is not None
    before = list(figures.model_fields)
    changed = [name for name in before if name != "date"]
    header = list(columns)
    if comparing:
        header += [f"previous_{name}" for name in before]
        header += [f"{name}_change_pct" for name in changed]
    rows = []
    for item in items:
        row = [getattr(item, name) for name in columns]
        if comparing and item.previous is not None and item.change is not None:
            row += [getattr(item.previous, name) for name in before]
            row += [item.change[name] for name in changed]
        rows.append(row)
    return header, rows


async def _customers(session: AsyncSession) -> tuple[list[str], list[list[Any]]]:
    customers = (
        await customers_service.list_customers(
            session,
            search=None,
            sort=CustomerSort.SPENT,
            order=SortOrder.DESC,
            skip=0,
            limit=EXPORT_ROWS,
        )
    ).items
    header = [
        "user_id",
        "email",
        "username",
        "joined",
        "order_count",
        "total_spent",
        "last_order_at",
    ]
    return header, [
        [
            c.id,
            c.email,
            c.username,
            c.created_at.isoformat(),
            c.order_count,
            c.total_spent,
            c.last_order_at.isoformat() if c.last_order_at else "",
        ]
        for c in customers
    ]


def _safe(value: object) -> object:
    """Keep spreadsheet programs from running cell text as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
