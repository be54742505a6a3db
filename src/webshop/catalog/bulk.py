"""Bulk edits: many products changed in one request, all or nothing (admin).

Every row is checked before anything changes, and every refusal is reported at once, so a
spreadsheet-style screen can mark all its bad rows in one go. The products are locked in id
order while the edit runs (as stock changes always lock them), so a new stock is the stock the
administrator typed, whatever sells meanwhile.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.catalog import inventory, service
from webshop.catalog.errors import BulkRejected, InsufficientStock
from webshop.catalog.models import Product, StockReason
from webshop.catalog.schemas import ProductBulkRow, ProductBulkUpdate, ProductRead
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.users.models import User

# The fields a row may clear with `null`; for the others `null` is the same as leaving them out.
CLEARABLE = frozenset({"category"})


async def bulk_update(
    session: AsyncSession, changes: ProductBulkUpdate, *, actor: User
) -> list[ProductRead]:
    """Apply every row, or none: any refused row raises `BulkRejected` listing every refusal.
    Returns the products in the order of the rows; unchanged ones publish no event."""
    rows = changes.products
    products = await _lock_products(session, {row.id for row in rows})
    refused = _refusals(rows, products)
    if refused:
        await session.rollback()
        raise BulkRejected(refused)

    changed = {row.id: _changes(row, products[row.id]) for row in rows}
    before = {
        product_id: {name: getattr(products[product_id], name) for name in fields}
        for product_id, fields in changed.items()
    }
    for product_id in sorted(changed):
        for name, value in changed[product_id].items():
            if name != "stock":
                setattr(products[product_id], name, value)
    await session.flush()
    short = await _move_stock(session, rows, products, changed, actor=actor)
    if short:
        await session.rollback()
        raise BulkRejected(short)

    results = {
        result.id: result for result in await service.with_ratings(session, list(products.values()))
    }
    for product_id in sorted(changed):
        if changed[product_id]:
            await publish(
                session,
                EventType.PRODUCT_UPDATED,
                {**service.event_data(results[product_id]), "changed": sorted(changed[product_id])},
                user_id=actor.id,
                key=product_id,
            )
    await audit.record_many(
        session,
        actor,
        AuditAction.PRODUCTS_BULK_UPDATED,
        AuditObject.PRODUCT,
        (
            (product_id, before[product_id], fields)
            for product_id, fields in sorted(changed.items())
            if fields
        ),
    )
    await session.commit()
    return [results[row.id] for row in rows]


async def _lock_products(session: AsyncSession, product_ids: set[int]) -> dict[int, Product]:
    """The products with these ids, deleted ones included (a bulk restore is an edit too),
    locked for the rest of the transaction in id order."""
    found = await session.scalars(
        select(Product)
        .where(Product.id.in_(product_ids))
        .order_by(Product.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return {product.id: product for product in found}


def _refusals(rows: list[ProductBulkRow], products: dict[int, Product]) -> list[dict[str, Any]]:
    """Why each refused row is refused: an unknown product, or one already edited above."""
    refused: list[dict[str, Any]] = []
    first_row: dict[int, int] = {}
    for index, row in enumerate(rows):
        if row.id not in products:
            refused.append(_refusal(index, row.id, "id", "Product not found"))
        elif row.id in first_row:
            message = f"Product {row.id} is already changed in row {first_row[row.id]}"
            refused.append(_refusal(index, row.id, "id", message))
        first_row.setdefault(row.id, index)
    return refused


def _changes(row: ProductBulkRow, product: Product) -> dict[str, Any]:
    """The fields the row sets to a value the product does not have yet."""
    sent = row.model_dump(include=row.model_fields_set - {"id"})
    return {
        name: value
        for name, value in sent.items()
        if (value is not None or name in CLEARABLE) and getattr(product, name) != value
    }


async def _move_stock(
    session: AsyncSession,
    rows: list[ProductBulkRow],
    products: dict[int, Product],
    changed: dict[int, dict[str, Any]],
    *,
    actor: User,
) -> list[dict[str, Any]]:
    """Record each new stock as an adjustment, in product-id order; the refusals of those that
    would leave less than zero."""
    row_of = {row.id: index for index, row in enumerate(rows)}
    short: list[dict[str, Any]] = []
    for product_id in sorted(changed):
        if "stock" not in changed[product_id]:
            continue
        product = products[product_id]
        try:
            await inventory.apply_movement(
                session,
                product_id=product_id,
                delta=changed[product_id]["stock"] - product.stock,
                reason=StockReason.ADJUSTMENT,
                actor_id=actor.id,
            )
        except InsufficientStock:
            short.append(_refusal(row_of[product_id], product_id, "stock", "Not enough stock"))
    return short


def _refusal(index: int, product_id: int, field: str, message: str) -> dict[str, Any]:
    return {"row": index, "product_id": product_id, "field": field, "message": message}
