"""PostgreSQL writes a checkout's rows in one call of the database function `place_order`,
SQLite statement by statement (`webshop.orders.placing`). Both ways must write the same rows,
and the same event: the two are compared here on PostgreSQL, where both can run."""

import os
from typing import Any

import pytest
from sqlalchemy import text

from tests.factories import create_product
from webshop.orders import placing, revenue
from webshop.orders.placing import NewOrder, Placed, Refused

pytestmark = pytest.mark.skipif(
    not os.environ.get("TEST_POSTGRES_URL"), reason="the database function is PostgreSQL's"
)


def new_order(customer_id: int, lines: dict[int, int], key: str) -> NewOrder:
    return NewOrder(customer_id, lines, "1 Long Road", "leave it at the door", key, "f" * 64)


async def rows_of(session, placed: Placed) -> dict[str, Any]:
    """What an order wrote, without its id and time (each row's is checked to be the order's)."""
    order_id = placed.order_id

    async def select_all(statement: str) -> list[dict[str, Any]]:
        result = await session.execute(
            text(statement), {"order_id": order_id, "key": str(order_id)}
        )
        return [dict(row._mapping) for row in result]

    order = await select_all(
        "SELECT user_id, status, total_amount, shipping_address, note, request_fingerprint, "
        "created_at, updated_at FROM orders WHERE id = :order_id"
    )
    events = await select_all(
        "SELECT event_type, key, user_id, data, timestamp, sent_at FROM outbox "
        "WHERE key = :key AND event_type = 'order_created'"
    )
    for event in events:
        assert event["key"] == str(order_id)
        assert event["data"]["order_id"] == order_id
        event["key"] = event["data"]["order_id"] = "the order's"
    written = {
        "order": order,
        "history": await select_all(
            "SELECT from_status, to_status, actor_id, created_at FROM order_status_changes "
            "WHERE order_id = :order_id"
        ),
        "items": await select_all(
            "SELECT product_id, product_name, unit_price, quantity, line_total FROM order_items "
            "WHERE order_id = :order_id ORDER BY product_id"
        ),
        "movements": await select_all(
            "SELECT product_id, delta, reason, actor_id, note, created_at FROM stock_movements "
            "WHERE order_id = :order_id ORDER BY product_id"
        ),
        "events": events,
    }
    for rows in written.values():
        for row in rows:
            for column in ("created_at", "updated_at", "timestamp"):
                if column in row:
                    assert row[column] == placed.placed_at, (column, row)
                    row[column] = "the order's"
    return written


async def test_both_ways_write_the_same_rows(session, customer):
    pen = await create_product(session, name="Pen", price="1.25", stock=10)
    ink = await create_product(session, name="Ink", price="19.99", stock=8)
    await session.commit()
    lines = {ink.id: 3, pen.id: 2}

    in_one_call = await placing.in_one_call(session, new_order(customer.id, lines, "one"))
    by_statement = await placing.statement_by_statement(
        session, new_order(customer.id, lines, "two")
    )
    await session.commit()

    assert isinstance(in_one_call, Placed)
    assert isinstance(by_statement, Placed)
    assert in_one_call.total == by_statement.total
    assert [line.product_id for line in in_one_call.lines] == sorted(lines)
    assert [line.stock_after for line in in_one_call.lines] == [10 - 2, 8 - 3]
    assert [line.stock_after for line in by_statement.lines] == [10 - 4, 8 - 6]
    one, two = await rows_of(session, in_one_call), await rows_of(session, by_statement)
    assert one == two
    assert one["order"][0]["total_amount"] == in_one_call.total
    assert one["events"][0]["data"] == {
        "order_id": "the order's",
        "total_amount": "62.47",
        "item_count": 5,
        "items": [
            {"product_id": pen.id, "product_name": "Pen", "quantity": 2, "unit_price": "1.25"},
            {"product_id": ink.id, "product_name": "Ink", "quantity": 3, "unit_price": "19.99"},
        ],
    }
    assert [row["delta"] for row in one["movements"]] == [-2, -3]
    totals = await session.execute(
        text(
            "SELECT span_minutes, starts_at, shard, pending FROM order_totals "
            "ORDER BY span_minutes, shard"
        )
    )
    assert sorted(totals) == sorted(
        (
            minutes,
            revenue.span_start(placed.placed_at, minutes),
            revenue.shard_of(placed.order_id),
            1,
        )
        for minutes in revenue.SPANS
        for placed in (in_one_call, by_statement)
    )


@pytest.mark.parametrize("write", [placing.in_one_call, placing.statement_by_statement])
async def test_both_ways_name_the_lines_they_could_not_take(session, customer, write):
    plenty = await create_product(session, stock=10)
    short = await create_product(session, stock=1)
    withdrawn = await create_product(session, stock=10, is_active=False)
    await session.commit()
    lines = {plenty.id: 2, short.id: 2, withdrawn.id: 1}

    refused = await write(session, new_order(customer.id, lines, "short"))

    assert refused == Refused({short.id, withdrawn.id})
    await session.rollback()
    assert await session.scalar(text("SELECT count(*) FROM orders")) == 0
    assert await session.scalar(text("SELECT count(*) FROM outbox")) == 0
    assert await session.scalar(text("SELECT sum(stock) FROM products")) == 21
