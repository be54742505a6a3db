"""The proof the issue asks for: concurrent checkouts never oversell, on either database."""

import asyncio

from sqlalchemy import func, select

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog.models import Product, StockMovement
from webshop.orders.models import Order, OrderItem

CUSTOMERS = 10
ORDERS = 50
STOCK = 10


async def test_fifty_concurrent_orders_against_stock_of_ten(committed_app):
    async with committed_app.state.sessionmaker() as session:
        customers = [await create_user(session) for _ in range(CUSTOMERS)]
        product = await create_product(session, stock=STOCK, price="12.34")
        await session.commit()
    headers = [auth_headers(customer) for customer in customers]
    body = {"items": [{"product_id": product.id, "quantity": 1}]}

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(
                client.post("/orders/", json=body, headers=headers[n % CUSTOMERS])
                for n in range(ORDERS)
            )
        )

    codes = [response.status_code for response in responses]
    assert codes.count(201) == STOCK
    assert codes.count(409) == ORDERS - STOCK
    async with committed_app.state.sessionmaker() as session:
        stock = await session.scalar(select(Product.stock).where(Product.id == product.id))
        sold = await session.scalar(
            select(func.sum(StockMovement.delta)).where(StockMovement.product_id == product.id)
        )
        orders = await session.scalar(select(func.count(Order.id)))
        units = await session.scalar(select(func.sum(OrderItem.quantity)))
        after = (
            await session.scalars(
                select(StockMovement.stock_after).where(StockMovement.product_id == product.id)
            )
        ).all()
    assert stock == 0
    assert sold == -STOCK
    assert orders == units == STOCK
    assert sorted(after) == list(range(STOCK))  # every unit sold exactly once, never below 0


async def test_concurrent_multi_line_orders_neither_deadlock_nor_oversell(committed_app):
    """Orders naming the same products in opposite orders: locks are taken by product id."""
    async with committed_app.state.sessionmaker() as session:
        customer = await create_user(session)
        first = await create_product(session, stock=15)
        second = await create_product(session, stock=15)
        await session.commit()
    headers = auth_headers(customer)
    forward = {
        "items": [{"product_id": first.id, "quantity": 1}, {"product_id": second.id, "quantity": 1}]
    }
    backward = {"items": list(reversed(forward["items"]))}

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(
                client.post("/orders/", json=forward if n % 2 else backward, headers=headers)
                for n in range(30)
            )
        )

    codes = [response.status_code for response in responses]
    assert codes.count(201) == 15
    assert codes.count(409) == 15
    async with committed_app.state.sessionmaker() as session:
        stocks = (await session.scalars(select(Product.stock).order_by(Product.id))).all()
    assert stocks == [0, 0]
