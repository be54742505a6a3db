"""An import plan written in set-based statements, inside the caller's transaction.

New products, their movements and their events are multi-row INSERTs; changed products one
UPDATE per set of changed columns (executemany on SQLite, `UPDATE ... FROM unnest(arrays)` on
PostgreSQL): 10,000 rows are a few dozen statements. Stock follows the rules of
`inventory.apply_movement`, in bulk: each change is `stock = stock + delta` on condition that
the stock is still what the plan read under its locks (so it never goes below zero, and never
overwrites a sale), the rows updated are counted, and each change is a movement with reason
`import`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Update,
    bindparam,
    column,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import TypeEngine

from webshop.catalog.errors import ImportRejected
from webshop.catalog.import_plan import PlannedRow, chunks
from webshop.catalog.models import SKU_INDEX, Product, StockMovement, StockReason
from webshop.catalog.schemas import ImportAction, ProductCreate
from webshop.core.clock import utcnow
from webshop.db.base import table_of
from webshop.events.publish import publish_many
from webshop.events.schemas import EventType

PRODUCTS = table_of(Product)
MOVEMENTS = table_of(StockMovement)


async def apply(session: AsyncSession, rows: Sequence[PlannedRow], *, actor_id: int) -> None:
    """Write every created and updated row; sets `product_id` on the created ones. Flushes
    only: the caller commits, or rolls back on `ImportRejected`."""
    try:
        await _write(session, rows, actor_id)
    except IntegrityError as exc:
        if SKU_INDEX not in str(exc.orig):
            raise
        # Another product took one of the file's SKUs since the plan was made.
        raise ImportRejected(
            [], "A SKU of the file was given to another product meanwhile; nothing was imported"
        ) from exc


async def _write(session: AsyncSession, rows: Sequence[PlannedRow], actor_id: int) -> None:
    now = utcnow()
    created = [row for row in rows if row.action is ImportAction.CREATE]
    updated = [row for row in rows if row.action is ImportAction.UPDATE]
    await _release_skus(session, [row for row in updated if "sku" in row.changes], now)
    await _insert(session, created, now)
    await _update(session, updated, now)
    stocked = [row for row in updated if "stock" in row.changes]
    await _record_movements(
        session, [row for row in created if _values(row).stock] + stocked, actor_id, now
    )
    await publish_many(
        session,
        EventType.PRODUCT_CREATED,
        [(row.product_id, _event_data(row)) for row in created],
        user_id=actor_id,
    )
    await publish_many(
        session,
        EventType.PRODUCT_UPDATED,
        [(row.product_id, {**_event_data(row), "changed": sorted(row.changes)}) for row in updated],
        user_id=actor_id,
    )


def _values(row: PlannedRow) -> ProductCreate:
    assert row.values is not None
    return row.values


async def _release_skus(session: AsyncSession, rows: list[PlannedRow], now: datetime) -> None:
    """Clear the SKUs that change first, so that products can swap or pass them on in one file
    without the unique index seeing one SKU twice in between."""
    if rows:
        await session.execute(
            update(PRODUCTS)
            .where(PRODUCTS.c.id == bindparam("product_id"))
            .values(sku=None, updated_at=bindparam("now", type_=PRODUCTS.c.updated_at.type)),
            [{"product_id": row.product_id, "now": now} for row in rows],
        )


async def _insert(session: AsyncSession, rows: list[PlannedRow], now: datetime) -> None:
    if not rows:
        return
    ids = await _new_ids(session, len(rows))
    values = [
        {"id": product_id, **_values(row).model_dump(), "created_at": now, "updated_at": now}
        for product_id, row in zip(ids, rows, strict=True)
    ]
    # RETURNING only to have the rows sent in multi-row batches; the ids are known.
    await session.execute(insert(PRODUCTS).returning(PRODUCTS.c.id), values)
    for product_id, row in zip(ids, rows, strict=True):
        row.product_id = product_id


async def _new_ids(session: AsyncSession, count: int) -> list[int]:
    """Ids for new products, taken before inserting them: asking the database to return them
    in the order of the rows would make SQLite insert one row per statement."""
    if session.get_bind().dialect.name == "postgresql":
        sequence = func.pg_get_serial_sequence(PRODUCTS.name, PRODUCTS.c.id.name)
        ids = await session.scalars(
            select(func.nextval(sequence)).select_from(func.generate_series(1, count))
        )
        return sorted(ids)
    # SQLite gives a new row the largest id plus one, and this transaction holds its only
    # write lock (BEGIN IMMEDIATE, see db.session): these are the ids the rows would get.
    largest = await session.scalar(select(func.max(PRODUCTS.c.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


async def _update(session: AsyncSession, rows: list[PlannedRow], now: datetime) -> None:
    """One statement per set of changed columns, so that only those are written (on SQLite a
    name or description in the SET list also rewrites the search index). A stock change is
    conditional on the stock the plan read: were it different, the row is left alone and
    nothing is imported."""
    groups: defaultdict[tuple[str, ...], list[PlannedRow]] = defaultdict(list)
    for row in rows:
        groups[tuple(row.changes)].append(row)
    postgres = session.get_bind().dialect.name == "postgresql"
    for columns, group in groups.items():
        names = ["product_id", *_parameter_names(columns)]
        values = [_parameters(row) for row in group]
        if postgres:
            # One UPDATE ... FROM unnest(arrays): several times faster than executemany there.
            arrays = {name: [value[name] for value in values] for name in names}
            result = await session.execute(_unnest_update(columns, names), {**arrays, "now": now})
        else:
            statement = _update_statement(columns, lambda name: bindparam(name, type_=_type(name)))
            result = await session.execute(statement, [{**value, "now": now} for value in values])
        if cast(CursorResult[Any], result).rowcount != len(group):
            await _refuse_moved_stock(session, group)


def _parameter_names(columns: tuple[str, ...]) -> list[str]:
    names = [f"new_{field}" for field in columns if field != "stock"]
    return [*names, "delta", "current_stock"] if "stock" in columns else names


def _type(name: str) -> TypeEngine[Any]:
    if name in ("product_id", "delta", "current_stock"):
        return PRODUCTS.c.id.type
    return PRODUCTS.c[name.removeprefix("new_")].type


def _update_statement(
    columns: tuple[str, ...], source: Callable[[str], ColumnElement[Any]]
) -> Update:
    values: dict[str, Any] = {
        field: source(f"new_{field}") for field in columns if field != "stock"
    }
    values["updated_at"] = bindparam("now", type_=PRODUCTS.c.updated_at.type)
    conditions = [PRODUCTS.c.id == source("product_id")]
    if "stock" in columns:
        values["stock"] = PRODUCTS.c.stock + source("delta")
        conditions.append(PRODUCTS.c.stock == source("current_stock"))
    return update(PRODUCTS).where(*conditions).values(values)


def _unnest_update(columns: tuple[str, ...], names: list[str]) -> Update:
    arrays = func.unnest(*(bindparam(name, type_=ARRAY(_type(name))) for name in names))
    source = arrays.table_valued(*(column(name, _type(name)) for name in names))
    derived = source.render_derived(name="changed")
    return _update_statement(columns, lambda name: derived.c[name])


def _parameters(row: PlannedRow) -> dict[str, Any]:
    values = _values(row)
    parameters: dict[str, Any] = {"product_id": row.product_id}
    for field in row.changes:
        if field == "stock":
            assert row.current is not None
            parameters["delta"] = _delta(row)
            parameters["current_stock"] = row.current.stock
        else:
            parameters[f"new_{field}"] = getattr(values, field)
    return parameters


def _delta(row: PlannedRow) -> int:
    if row.current is None:
        return _values(row).stock
    return _values(row).stock - row.current.stock


async def _refuse_moved_stock(session: AsyncSession, rows: list[PlannedRow]) -> None:
    """Something moved the stock of some of these products since the plan was made (their
    rows are locked, so nothing should): say which, and import nothing."""
    stock_of: dict[int | None, int] = {}
    for ids in chunks([row.product_id for row in rows]):
        found = await session.execute(
            select(PRODUCTS.c.id, PRODUCTS.c.stock).where(PRODUCTS.c.id.in_(ids))
        )
        stock_of |= {product.id: product.stock for product in found}
    moved = [
        {
            "row": row.line,
            "product_id": row.product_id,
            "field": "stock",
            "message": f"The stock changed while importing (it is {stock_of[row.product_id]} "
            "now); import the file again",
        }
        for row in rows
        if stock_of[row.product_id] != _values(row).stock
    ]
    raise ImportRejected(moved, "The stock changed while importing; nothing was imported")


async def _record_movements(
    session: AsyncSession, rows: list[PlannedRow], actor_id: int, now: datetime
) -> None:
    if rows:
        await session.execute(
            insert(MOVEMENTS).returning(MOVEMENTS.c.id),  # RETURNING: multi-row INSERTs
            [
                {
                    "product_id": row.product_id,
                    "delta": _delta(row),
                    "stock_after": _values(row).stock,
                    "reason": StockReason.IMPORT,
                    "actor_id": actor_id,
                    "created_at": now,
                }
                for row in rows
            ],
        )


def _event_data(row: PlannedRow) -> dict[str, Any]:
    """The spec's product payload, as `service.event_data` builds it."""
    values = _values(row)
    return {
        "product_id": row.product_id,
        "product_name": values.name,
        "price": values.price,
        "category": values.category,
    }
