"""`product_sales` follows payments and cancellations exactly, in their transaction."""

from decimal import Decimal

from sqlalchemy import select

from tests.factories import create_order, create_product
from webshop.orders import revenue
from webshop.orders.models import ProductSales


async def sales(session) -> dict[int, tuple[int, Decimal, int]]:
    rows = await session.scalars(select(ProductSales))
    return {row.product_id: (row.units, Decimal(row.revenue), row.orders) for row in rows}


async def test_sales_follow_the_order_lifecycle(
    client, session, customer, customer_headers, admin_headers
):
    pen = await create_product(session, price="1.50", stock=100)
    ink = await create_product(session, price="4.00", stock=100)

    async def order(*lines):
        return (await create_order(session, customer, *lines)).id

    async def move(order_id, *statuses):
        for status in statuses:
            response = await client.put(
                f"/orders/{order_id}/status", json={"status": status}, headers=admin_headers
            )
            assert response.status_code == 200, response.text

    first = await order((pen, 2), (ink, 1))
    second = await order((pen, 3))
    pending = await order((ink, 5))
    assert await sales(session) == {}  # nothing is sold until it is paid

    await move(first, "paid", "shipped", "delivered")
    await move(second, "paid")
    assert await sales(session) == {
        pen.id: (5, Decimal("7.50"), 2),
        ink.id: (1, Decimal("4.00"), 1),
    }

    await move(second, "cancelled")  # a paid order cancelled: its sale is taken back
    await client.post(f"/orders/{pending}/cancel", headers=customer_headers)  # never paid
    assert await sales(session) == {
        pen.id: (2, Decimal("3.00"), 1),
        ink.id: (1, Decimal("4.00"), 1),
    }

    before = await sales(session)
    await revenue.rebuild_sales(session)
    rebuilt = await sales(session)
    assert {pid: row for pid, row in rebuilt.items() if row[0]} == {
        pid: row for pid, row in before.items() if row[0]
    }
