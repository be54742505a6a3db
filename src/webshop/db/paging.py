"""One page of a query, and how many rows match it in all: every list endpoint's two queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, TypeVarTuple

from sqlalchemy import Row, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
Ts = TypeVarTuple("Ts")


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    """How many match in all (the `X-Total-Count` of a list endpoint)."""


async def page_of_rows(
    session: AsyncSession,
    statement: Select[*Ts],
    *,
    order_by: Sequence[Any],
    skip: int,
    limit: int,
    counting: Select[Any] | None = None,
) -> Page[Row[*Ts]]:
    """Rows `skip` to `skip + limit` of `statement` in `order_by` order, and the total. Order
    by something unique last, so that pages never overlap. `counting` is a cheaper statement
    with the same rows to count instead (`statement` without outer joins that only add
    columns)."""
    total = await count(session, statement) if counting is None else await count(session, counting)
    if skip >= total:
        return Page([], total)
    rows = await session.execute(statement.order_by(*order_by).offset(skip).limit(limit))
    return Page(list(rows.all()), total)


async def page_of(
    session: AsyncSession,
    statement: Select[T],
    *,
    order_by: Sequence[Any],
    skip: int,
    limit: int,
    counting: Select[Any] | None = None,
) -> Page[T]:
    """`page_of_rows` for a query of one entity or column: its values instead of rows."""
    page = await page_of_rows(
        session, statement, order_by=order_by, skip=skip, limit=limit, counting=counting
    )
    return Page([row[0] for row in page.items], page.total)


async def count(session: AsyncSession, statement: Select[*Ts]) -> int:
    """How many rows `statement` matches."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return int(await session.scalar(counted) or 0)
