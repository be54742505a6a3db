"""Each check on a consistent shop, and on the same shop corrupted, with a direct SQL statement,
in the one way that check looks for: that check, and only it, names the rows involved."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import create_product
from tests.integrity.conftest import IDEMPOTENCY_KEY, Shop, execute, failed_checks
from webshop.core.clock import utcnow
from webshop.db.base import table_of
from webshop.events.models import OutboxEvent
from webshop.integrity import service
from webshop.orders.models import OrderStatus

SUMMARIES = [
    "stock_movements",
    "product_sales",
    "product_sales_by_period",
    "order_totals",
    "analytics_product_view_totals",
    "analytics_last_active",
]


async def test_a_shop_kept_by_its_services_passes_every_check(session, shop, count_rows):
    for table in SUMMARIES:  # something to compare in every summary
        assert await count_rows(table) > 0, table

    report = await service.run_checks(session, stuck_after=timedelta(minutes=15))

    assert (report.ok, report.failed) == (True, [])
    assert [result.name for result in report.checks] == [check.name for check in service.CHECKS]
    assert len({result.name for result in report.checks}) == 12
    for result in report.checks:
        assert result.ok
        assert (result.finding, result.total, result.rows) == (None, 0, [])
        assert result.description.endswith(".")


async def test_what_summaries_may_hold_without_a_finding(session, shop: Shop):
    # A row that went back to zeros; a period's counts in another shard of that period.
    await execute(
        session,
        "INSERT INTO product_sales (product_id, units, revenue, orders) VALUES (999999, 0, 0, 0)",
    )
    await execute(
        session,
        "UPDATE order_totals SET shard = 7 "
        "WHERE span_minutes = 15 AND shard <> 7 AND delivered > 0",
    )

    assert await failed_checks(session) == {}


async def only_finding(session: AsyncSession, name: str) -> list[dict[str, object]]:
    """The rows of the one check that failed, which must be `name`."""
    failed = await failed_checks(session)
    assert list(failed) == [name]
    result = failed[name]
    assert result.total == len(result.rows)
    assert result.finding is not None
    assert f": {result.total} " in result.finding
    return result.rows


# --- stock ----------------------------------------------------------------------------------


async def test_stock_changed_or_given_without_a_movement(session, shop: Shop):
    await execute(session, "UPDATE products SET stock = stock + 3 WHERE id = :id", id=shop.mug)
    product = await create_product(session, stock=5)  # as the test factory makes them

    assert await only_finding(session, "stock_matches_movements") == [
        {"product_id": shop.mug, "stock": 45, "movements_sum": 42, "movements_below_zero": 0},
        {"product_id": product.id, "stock": 5, "movements_sum": 0, "movements_below_zero": 0},
    ]


@asynccontextmanager
async def without_stock_floor(session: AsyncSession) -> AsyncIterator[None]:
    """Let stock and movements go below zero (the test's transaction is rolled back)."""
    if session.get_bind().dialect.name == "postgresql":
        await execute(
            session, "ALTER TABLE products DROP CONSTRAINT ck_products_stock_not_negative"
        )
        await execute(
            session,
            "ALTER TABLE stock_movements "
            "DROP CONSTRAINT ck_stock_movements_stock_after_not_negative",
        )
        yield
        return
    await execute(session, "PRAGMA ignore_check_constraints = ON")
    try:
        yield
    finally:
        await execute(session, "PRAGMA ignore_check_constraints = OFF")


async def test_stock_below_zero_even_when_the_movements_add_up(session, shop: Shop):
    async with without_stock_floor(session):
        await execute(session, "UPDATE products SET stock = -1 WHERE id = :id", id=shop.lamp)
        await execute(
            session,
            "INSERT INTO stock_movements (product_id, delta, stock_after, reason, created_at) "
            "VALUES (:id, -2, -1, 'adjustment', CURRENT_TIMESTAMP)",
            id=shop.lamp,
        )

        assert await only_finding(session, "stock_matches_movements") == [
            {"product_id": shop.lamp, "stock": -1, "movements_sum": -1, "movements_below_zero": 1}
        ]


async def test_a_sale_movement_missing_twice_or_without_an_order_line(session, shop: Shop):
    pending, paid = shop.orders[OrderStatus.PENDING], shop.orders[OrderStatus.PAID]
    await execute(
        session,
        "UPDATE stock_movements SET reason = 'adjustment' "
        "WHERE reason = 'sale' AND order_id = :order AND product_id = :product",
        order=pending,
        product=shop.book,
    )
    for order_id in (paid, None):  # the stock stays right: they move nothing
        await execute(
            session,
            "INSERT INTO stock_movements "
            "(product_id, delta, stock_after, reason, order_id, created_at) "
            "VALUES (:product, 0, 42, 'sale', :order, CURRENT_TIMESTAMP)",
            product=shop.mug,
            order=order_id,
        )

    rows = await only_finding(session, "sales_have_movements")

    def line(order, product, ordered, sold, lines, movements):
        return {"order_id": order, "product_id": product, "ordered_units": ordered,
                "sold_units": sold, "lines": lines, "sale_movements": movements}  # fmt: skip

    assert line(pending, shop.book, 1, 0, 1, 0) in rows
    assert line(paid, shop.mug, 2, 2, 1, 2) in rows
    assert line(None, shop.mug, 0, 0, 0, 1) in rows
    assert len(rows) == 3


async def test_a_cancelled_line_not_put_back_put_back_twice_or_not_cancelled(session, shop: Shop):
    cancelled, shipped = shop.orders[OrderStatus.CANCELLED], shop.orders[OrderStatus.SHIPPED]
    await execute(
        session,
        "UPDATE stock_movements SET reason = 'adjustment' "
        "WHERE reason = 'cancel' AND order_id = :order AND product_id = :product",
        order=cancelled,
        product=shop.mug,
    )
    for order_id in (cancelled, shipped):
        await execute(
            session,
            "INSERT INTO stock_movements "
            "(product_id, delta, stock_after, reason, order_id, created_at) "
            "VALUES (:product, 0, 25, 'cancel', :order, CURRENT_TIMESTAMP)",
            product=shop.book,
            order=order_id,
        )

    rows = await only_finding(session, "cancellations_restocked")

    def line(order, product, status, cancelled_units, restocked_units, lines, restocks):
        return {"order_id": order, "product_id": product, "status": status,
                "cancelled_units": cancelled_units, "restocked_units": restocked_units,
                "cancelled_lines": lines, "restocks": restocks}  # fmt: skip

    assert line(cancelled, shop.mug, "cancelled", 2, 0, 1, 0) in rows
    assert line(cancelled, shop.book, "cancelled", 1, 1, 1, 2) in rows
    assert line(shipped, shop.book, "shipped", 0, 0, 0, 1) in rows
    assert len(rows) == 3


# --- orders ---------------------------------------------------------------------------------


async def test_an_order_total_not_the_sum_of_its_lines_or_a_line_not_price_times_quantity(
    session, shop: Shop
):
    pending = shop.orders[OrderStatus.PENDING]  # pending: no summary counts its money
    delivered = shop.orders[OrderStatus.DELIVERED]
    await execute(
        session, "UPDATE orders SET total_amount = total_amount + 1 WHERE id = :id", id=pending
    )
    await execute(
        session,
        "UPDATE order_items SET unit_price = unit_price + 0.01 WHERE order_id = :order",
        order=delivered,
    )

    rows = await only_finding(session, "order_totals_match_lines")

    assert {"order_id": pending, "total_amount": "29.60", "lines_total": "28.60",
            "mispriced_lines": 0} in rows  # fmt: skip
    assert {"order_id": delivered, "total_amount": "28.60", "lines_total": "28.60",
            "mispriced_lines": 2} in rows  # fmt: skip
    assert len(rows) == 2


@asynccontextmanager
async def idempotency_keys_not_unique(session: AsyncSession) -> AsyncIterator[None]:
    """Orders without the unique (customer, key) constraint, until the test's rollback."""
    if session.get_bind().dialect.name == "postgresql":
        await execute(session, "ALTER TABLE orders DROP CONSTRAINT uq_orders_user_idempotency_key")
    else:
        # SQLite cannot drop a table's UNIQUE constraint: a copy without it, in the temporary
        # schema, which unqualified names find first.
        await execute(session, "CREATE TEMPORARY TABLE orders AS SELECT * FROM main.orders")
    yield


async def test_one_idempotency_key_on_two_orders(session, shop: Shop):
    pending = shop.orders[OrderStatus.PENDING]
    async with idempotency_keys_not_unique(session):
        await execute(
            session, "UPDATE orders SET idempotency_key = :key WHERE id = :id",
            key=IDEMPOTENCY_KEY, id=pending,
        )  # fmt: skip

        assert await only_finding(session, "idempotency_keys_unique") == [
            {
                "user_id": shop.customer.id,
                "idempotency_key": IDEMPOTENCY_KEY,
                "orders": 2,
                "first_order_id": min(pending, shop.with_key),
                "last_order_id": max(pending, shop.with_key),
            }
        ]


# --- summaries ------------------------------------------------------------------------------


async def test_product_sales_off_missing_or_extra(session, shop: Shop):
    await execute(
        session,
        "UPDATE product_sales SET units = units + 1, revenue = revenue + 0.01 "
        "WHERE product_id = :id",
        id=shop.mug,
    )
    await execute(session, "DELETE FROM product_sales WHERE product_id = :id", id=shop.book)
    await execute(
        session,
        "INSERT INTO product_sales (product_id, units, revenue, orders) VALUES (999999, 1, 5, 1)",
    )

    rows = await only_finding(session, "product_sales_match_orders")

    def sales(product, expected, actual):
        names = ("units", "revenue", "orders")
        return {
            "product_id": product,
            **{f"expected_{name}": value for name, value in zip(names, expected, strict=True)},
            **{f"actual_{name}": value for name, value in zip(names, actual, strict=True)},
        }

    assert rows == sorted(
        [
            sales(shop.mug, (6, "48.30", 3), (7, "48.31", 3)),
            sales(shop.book, (3, "37.50", 3), (0, "0.00", 0)),
            sales(999999, (0, "0.00", 0), (1, "5.00", 1)),
        ],
        key=lambda row: row["product_id"],
    )


async def test_sales_of_a_day_and_a_week_that_disagree(session, shop: Shop):
    # The paid order placed on Sunday night: its week began on Monday the 23rd.
    await execute(
        session,
        "DELETE FROM product_sales_by_period "
        "WHERE span_days = 7 AND starts_on = '2026-11-23' AND product_id = :id",
        id=shop.mug,
    )
    await execute(
        session,
        "UPDATE product_sales_by_period SET revenue = revenue - 0.01 "
        "WHERE span_days = 1 AND starts_on = '2026-11-29' AND product_id = :id",
        id=shop.book,
    )

    rows = await only_finding(session, "product_sales_by_period_match_orders")

    assert [
        (row["span_days"], row["starts_on"], row["product_id"], row["actual_revenue"])
        for row in rows
    ] == [(1, "2026-11-29", shop.book, "12.49"), (7, "2026-11-23", shop.mug, "0.00")]
    assert [row["expected_revenue"] for row in rows] == ["12.50", "16.10"]


async def test_order_totals_off_in_a_day_and_in_quarter_hours(session, shop: Shop):
    await execute(
        session, "UPDATE order_totals SET paid = paid + 1 WHERE span_minutes = 1440 AND paid > 0"
    )
    await execute(
        session,
        "UPDATE order_totals SET revenue = revenue + 0.01 WHERE span_minutes = 15 AND revenue > 0",
    )

    rows = await only_finding(session, "order_totals_match_orders")

    assert [(row["span_minutes"], row["starts_at"]) for row in rows] == [
        (15, "2026-11-29T23:45:00+00:00"),  # paid
        (15, "2026-11-30T00:00:00+00:00"),  # shipped
        (15, "2026-11-30T10:00:00+00:00"),  # delivered
        (1440, "2026-11-29T00:00:00+00:00"),
    ]
    sunday = rows[-1]
    assert (sunday["expected_paid"], sunday["actual_paid"]) == (1, 2)
    assert (rows[0]["expected_revenue"], rows[0]["actual_revenue"]) == ("28.60", "28.61")


async def test_product_counts_that_do_not_count_the_products(session, shop: Shop):
    await execute(
        session,
        "INSERT INTO product_count_changes (category, in_stock, delta) VALUES ('kitchen', :t, 1)",
        t=True,
    )

    assert await only_finding(session, "product_counts_match_products") == [
        {"category": "kitchen", "in_stock": True, "expected_products": 1, "actual_products": 2}
    ]


async def test_all_time_views_that_are_not_the_sum_of_the_days(session, shop: Shop):
    await execute(
        session,
        "UPDATE analytics_product_view_totals SET views = views + 1 WHERE product_id = :id",
        id=shop.mug,
    )
    await execute(
        session, "DELETE FROM analytics_product_view_totals WHERE product_id = :id", id=shop.book
    )

    assert await only_finding(session, "view_totals_match_days") == sorted(
        [
            {"product_id": shop.mug, "expected_views": 2, "actual_views": 3},
            {"product_id": shop.book, "expected_views": 1, "actual_views": 0},
        ],
        key=lambda row: row["product_id"],
    )


async def test_a_latest_active_day_that_is_not_the_last_active_day(session, shop: Shop):
    await execute(
        session,
        "UPDATE analytics_last_active SET day = '2026-11-29' WHERE user_key = :key",
        key=shop.visitor,
    )

    assert await only_finding(session, "last_active_matches_days") == [
        {"user_key": shop.visitor, "expected_day": "2026-11-30", "actual_day": "2026-11-29"}
    ]


# --- events ---------------------------------------------------------------------------------


async def stall_latest_event(session: AsyncSession, waiting: timedelta, skip: int = 0) -> int:
    """Date an unsent event (the latest but `skip`) as written `waiting` ago; its id."""
    outbox = table_of(OutboxEvent)
    event = await session.scalar(
        select(outbox.c.id)
        .where(outbox.c.sent_at.is_(None))
        .order_by(outbox.c.id.desc())
        .offset(skip)
        .limit(1)
    )
    assert event is not None
    await session.execute(
        update(outbox).where(outbox.c.id == event).values(timestamp=utcnow() - waiting)
    )
    return event


async def test_an_event_unsent_beyond_the_threshold(session, shop: Shop):
    stalled = await stall_latest_event(session, timedelta(hours=1))
    delivered = await stall_latest_event(session, timedelta(days=2), skip=1)
    await execute(session, "UPDATE outbox SET sent_at = timestamp WHERE id = :id", id=delivered)

    [row] = await only_finding(session, "outbox_not_stuck")
    assert row["id"] == stalled
    assert row["event_type"] == "order_created"
    assert await failed_checks(session, stuck_after=timedelta(hours=2)) == {}


# --- the report -----------------------------------------------------------------------------


async def test_a_finding_reports_the_first_rows_in_key_order_and_how_many_in_all(
    session, shop: Shop, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(service, "MAX_ROWS", 2)
    await execute(session, "UPDATE products SET stock = stock + 1")

    failed = await failed_checks(session)

    [result] = failed.values()
    first_two = sorted([shop.mug, shop.book, shop.lamp])[:2]
    assert result.name == "stock_matches_movements"
    assert result.total == 3
    assert [row["product_id"] for row in result.rows] == first_two
    sentence = "The stock is not the sum of the movements, or went below zero: 3 products."
    assert result.finding == sentence
    assert result.columns == ["product_id", "stock", "movements_sum", "movements_below_zero"]
