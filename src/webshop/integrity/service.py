"""The integrity check: proof that stock, orders, their summaries and the outbox agree.

`webshop check` and `POST /admin/checks` run the same checks, in this order, each one SELECT
of the rows that break its rule (see `check`). It only reads; between checks it ends its
transaction, so it holds no snapshot or lock for longer than one check.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.core.clock import utcnow
from webshop.core.money import quantize
from webshop.db.session import release
from webshop.integrity.check import Check, Scope
from webshop.integrity.orders import IDEMPOTENCY_KEYS_UNIQUE, ORDER_TOTALS_MATCH_LINES
from webshop.integrity.outbox import OUTBOX_NOT_STUCK
from webshop.integrity.schemas import Cell, CheckResult, IntegrityReport
from webshop.integrity.stock import (
    CANCELLATIONS_RESTOCKED,
    SALES_HAVE_MOVEMENTS,
    STOCK_MATCHES_MOVEMENTS,
)
from webshop.integrity.summaries import (
    LAST_ACTIVE_MATCHES_DAYS,
    ORDER_TOTALS_MATCH_ORDERS,
    PRODUCT_COUNTS_MATCH_PRODUCTS,
    PRODUCT_SALES_BY_PERIOD_MATCH_ORDERS,
    PRODUCT_SALES_MATCH_ORDERS,
    VIEW_TOTALS_MATCH_DAYS,
)

CHECKS: tuple[Check, ...] = (
    STOCK_MATCHES_MOVEMENTS,
    SALES_HAVE_MOVEMENTS,
    CANCELLATIONS_RESTOCKED,
    ORDER_TOTALS_MATCH_LINES,
    PRODUCT_SALES_MATCH_ORDERS,
    PRODUCT_SALES_BY_PERIOD_MATCH_ORDERS,
    ORDER_TOTALS_MATCH_ORDERS,
    PRODUCT_COUNTS_MATCH_PRODUCTS,
    VIEW_TOTALS_MATCH_DAYS,
    LAST_ACTIVE_MATCHES_DAYS,
    IDEMPOTENCY_KEYS_UNIQUE,
    OUTBOX_NOT_STUCK,
)
MAX_ROWS = 100
"""Rows reported per check; the total says how many there are."""
MAX_STUCK_MINUTES = 30 * 24 * 60
"""The longest wait the outbox check may be asked to allow (a month)."""
_TOTAL = "rows_in_all"


async def run_checks(
    session: AsyncSession,
    *,
    stuck_after: timedelta,
    now: datetime | None = None,
    on_checked: Callable[[CheckResult], None] | None = None,
) -> IntegrityReport:
    """Run every check (an event unsent for longer than `stuck_after` before `now` is stuck);
    `on_checked` hears of each result as soon as it is known."""
    started = time.perf_counter()
    now = now or utcnow()
    scope = Scope(session.get_bind().dialect.name, now, stuck_after)
    results = []
    for check in CHECKS:
        result = await run_check(session, check, scope)
        results.append(result)
        if on_checked is not None:
            on_checked(result)
    return IntegrityReport(
        ok=all(result.ok for result in results),
        failed=[result.name for result in results if not result.ok],
        checked_at=now,
        stuck_after_minutes=int(stuck_after.total_seconds() // 60),
        seconds=round(time.perf_counter() - started, 3),
        checks=results,
    )


async def run_check(session: AsyncSession, check: Check, scope: Scope) -> CheckResult:
    """One check: the first `MAX_ROWS` rows breaking its rule and how many there are, in one
    statement."""
    started = time.perf_counter()
    found = check.statement(scope).subquery("found")
    result = await session.execute(
        select(found, func.count().over().label(_TOTAL))
        .order_by(*(found.c[name] for name in check.key))
        .limit(MAX_ROWS)
    )
    columns = [column.name for column in found.c]
    rows = [dict(row) for row in result.mappings()]
    await release(session)
    total = int(rows[0][_TOTAL]) if rows else 0
    return CheckResult(
        name=check.name,
        description=check.description,
        ok=total == 0,
        finding=check.finding(total) if total else None,
        total=total,
        columns=columns,
        rows=[_cells(row, columns) for row in rows],
        seconds=round(time.perf_counter() - started, 3),
    )


def _cells(row: Mapping[str, Any], columns: list[str]) -> dict[str, Cell]:
    return {name: _cell(row[name]) for name in columns}


def _cell(value: Any) -> Cell:
    """A value as the report shows it: JSON's own types, amounts to the cent as text."""
    if isinstance(value, float | Decimal):
        # SQLite adds amounts up as floating point numbers: the cent is what they mean.
        return str(quantize(Decimal(str(value))))
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)
