"""Stock changes. Every change is one conditional UPDATE plus a movement row, so stock can never
go below zero, whatever runs concurrently."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.errors import InsufficientStock, ProductNotFound
from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.core.clock import utcnow
from webshop.db.paging import Page, page_of


async def apply_movement(
    session: AsyncSession,
    *,
    product_id: int,
    delta: int,
    reason: StockReason,
    actor_id: int | None = None,
    note: str | None = None,
    order_id: int | None = None,
) -> StockMovement:
    """Change a product's stock by `delta` and record why. Flushes only: the caller commits.

    Raises `InsufficientStock` when the change would leave less than zero; nothing changes then.
    Callers changing several products do so in product-id order, so that concurrent
    transactions take their row locks in the same order and never deadlock.
    """
    result = await session.execute(
        update(Product)
        .where(Product.id == product_id, Product.stock + delta >= 0)
        .values(stock=Product.stock + delta, updated_at=utcnow())
        .returning(Product.stock)
        .execution_options(synchronize_session="fetch")
    )
    stock_after = result.scalar_one_or_none()
    if stock_after is None:
        exists = await session.scalar(select(Product.id).where(Product.id == product_id))
        if exists is None:
            raise ProductNotFound
        raise InsufficientStock([product_id])
    movement = StockMovement(
        product_id=product_id,
        delta=delta,
        stock_after=stock_after,
        reason=reason,
        actor_id=actor_id,
        note=note,
        order_id=order_id,
    )
    session.add(movement)
    await session.flush()
    return movement


async def stock_history(
    session: AsyncSession, product_id: int, *, skip: int, limit: int
) -> Page[StockMovement]:
    """A product's movements, newest first, and how many there are in all."""
    return await page_of(
        session,
        select(StockMovement).where(StockMovement.product_id == product_id),
        order_by=[StockMovement.id.desc()],
        skip=skip,
        limit=limit,
    )
