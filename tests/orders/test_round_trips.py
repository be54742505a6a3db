"""A checkout costs a fixed handful of statements, however many lines the order has: on
PostgreSQL one call of the database function `place_order`; elsewhere one conditional UPDATE
takes every line's stock, then one INSERT per table, and nothing is read back. Refused
checkouts and retries cost more, and stay correct."""

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.factories import create_order, create_product
from webshop.catalog.errors import InsufficientStock
from webshop.catalog.models import Product
from webshop.orders import service as orders_service
from webshop.orders.models import Order
from webshop.orders.schemas import MAX_LINES, OrderCreate, OrderLine

CHECKOUT = [
    "UPDATE products",
    "INSERT orders",
    "INSERT order_status_changes",
    "INSERT order_items",
    "INSERT stock_movements",
    "INSERT outbox",
    "INSERT order_totals",
]


async def statements_of(connection: AsyncConnection, action: Callable[[], Awaitable[Any]]):
    """What `action` sends, as "VERB table", savepoints (the tests' commits) left out, and the
    catalog's change notice too (it is the catalog cache's, one per transaction)."""
    sent: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        text = " ".join(statement.split())
        if re.match(r"(SAVEPOINT|RELEASE|ROLLBACK|SELECT pg_notify)", text):
            return
        found = re.search(r"^(?:WITH .*?\) )?(UPDATE|INSERT INTO|SELECT .*? FROM) (\w+)", text)
        assert found, text
        sent.append(f"{found[1].split()[0]} {found[2]}".replace("INSERT INTO", "INSERT"))

    event.listen(connection.sync_connection, "before_cursor_execute", record)
    try:
        await action()
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", record)
    return sent


def order_of(*products: int) -> OrderCreate:
    return OrderCreate(items=[OrderLine(product_id=p, quantity=2) for p in products])


async def test_one_line_or_fifty_cost_the_same_statements(connection, session, customer):
    products = [(await create_product(session, stock=10)).id for _ in range(MAX_LINES)]
    await session.commit()

    async def place(*lines, key):
        return await orders_service.place_order(
            session, order_of(*lines), customer=customer, idempotency_key=key
        )

    one = await statements_of(connection, lambda: place(products[0], key="one"))
    fifty = await statements_of(connection, lambda: place(*products, key="fifty"))

    expected = ["SELECT place_order"] if connection.dialect.name == "postgresql" else CHECKOUT
    assert one == fifty == expected
    stocks = await session.scalars(select(Product.stock).order_by(Product.id))
    assert list(stocks) == [6] + [8] * (MAX_LINES - 1)


async def test_a_late_retry_finds_its_order_when_the_stock_has_run_out(
    connection, session, customer
):
    last = (await create_product(session, stock=2)).id
    await session.commit()  # a refused checkout rolls back what the session has not committed
    first = await orders_service.place_order(
        session, order_of(last), customer=customer, idempotency_key="k"
    )

    retry = await orders_service.place_order(
        session, order_of(last), customer=customer, idempotency_key="k"
    )

    assert retry == first
    assert await session.scalar(select(Product.stock).where(Product.id == last)) == 0
    assert await session.scalar(select(Order.id).where(Order.id != first.id)) is None


async def test_a_retry_in_stock_rolls_its_stock_back_and_answers_the_first_order(session, customer):
    pen = await create_product(session, stock=10)
    await session.commit()
    first = await create_order(session, customer, (pen, 3))
    placed = await orders_service.place_order(
        session, order_of(pen.id), customer=customer, idempotency_key="again"
    )
    pen_id = pen.id  # the retry's rollback expires what the session holds

    retry = await orders_service.place_order(
        session, order_of(pen_id), customer=customer, idempotency_key="again"
    )

    assert retry == placed != first
    assert await session.scalar(select(Product.stock).where(Product.id == pen_id)) == 10 - 3 - 2


async def test_short_lines_are_all_named_and_nothing_changes(session, customer):
    plenty, short, shorter = [
        (await create_product(session, stock=stock)).id for stock in (10, 1, 0)
    ]
    await session.commit()

    with pytest.raises(InsufficientStock) as refused:
        await orders_service.place_order(
            session, order_of(shorter, plenty, short), customer=customer
        )

    assert refused.value.product_ids == sorted([short, shorter])

    stocks = await session.scalars(select(Product.stock).order_by(Product.id))
    assert list(stocks) == [10, 1, 0]
    assert await session.scalar(select(Order.id)) is None
