import asyncio

from sqlalchemy import func, select

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog.models import Product
from webshop.orders.models import Order


async def test_a_retry_returns_the_original_order(client, session, customer_headers, count_rows):
    pen = await create_product(session, stock=10)
    body = {"items": [{"product_id": pen.id, "quantity": 2}]}
    headers = {**customer_headers, "Idempotency-Key": "checkout-7f3a"}

    first = await client.post("/orders/", json=body, headers=headers)
    retry = await client.post("/orders/", json=body, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert await count_rows("orders") == 1
    assert await session.scalar(select(Product.stock).where(Product.id == pen.id)) == 8


async def test_the_same_key_with_another_body_is_409(client, session, customer_headers):
    pen = await create_product(session, stock=10)
    headers = {**customer_headers, "Idempotency-Key": "k1"}
    await client.post(
        "/orders/", json={"items": [{"product_id": pen.id, "quantity": 1}]}, headers=headers
    )

    response = await client.post(
        "/orders/", json={"items": [{"product_id": pen.id, "quantity": 2}]}, headers=headers
    )

    assert response.status_code == 409
    assert response.json() == {
        "detail": "This Idempotency-Key was already used for a different order",
        "code": "idempotency_key_reused",
    }


async def test_keys_belong_to_one_customer(client, session, customer_headers):
    pen = await create_product(session, stock=10)
    other = auth_headers(await create_user(session))
    body = {"items": [{"product_id": pen.id, "quantity": 1}]}

    mine = await client.post(
        "/orders/", json=body, headers={**customer_headers, "Idempotency-Key": "same"}
    )
    theirs = await client.post("/orders/", json=body, headers={**other, "Idempotency-Key": "same"})

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"]


async def test_key_length_is_limited(client, session, customer_headers):
    pen = await create_product(session)
    body = {"items": [{"product_id": pen.id, "quantity": 1}]}
    too_long = await client.post(
        "/orders/", json=body, headers={**customer_headers, "Idempotency-Key": "k" * 256}
    )
    longest = await client.post(
        "/orders/", json=body, headers={**customer_headers, "Idempotency-Key": "k" * 255}
    )
    assert too_long.status_code == 422
    assert longest.status_code == 201


async def test_a_failed_order_does_not_burn_its_key(client, session, customer_headers):
    pen = await create_product(session, stock=1)
    headers = {**customer_headers, "Idempotency-Key": "retry-after-restock"}
    body = {"items": [{"product_id": pen.id, "quantity": 2}]}

    assert (await client.post("/orders/", json=body, headers=headers)).status_code == 409
    pen.stock = 5
    await session.flush()
    assert (await client.post("/orders/", json=body, headers=headers)).status_code == 201


async def test_concurrent_retries_make_one_order_and_one_decrement(committed_app):
    async with committed_app.state.sessionmaker() as session:
        customer = await create_user(session)
        pen = await create_product(session, stock=100)
        await session.commit()
    headers = {**auth_headers(customer), "Idempotency-Key": "double-click"}
    body = {"items": [{"product_id": pen.id, "quantity": 3}]}

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(client.post("/orders/", json=body, headers=headers) for _ in range(10))
        )

    assert [r.status_code for r in responses] == [201] * 10
    assert len({r.json()["id"] for r in responses}) == 1
    async with committed_app.state.sessionmaker() as session:
        assert await session.scalar(select(func.count(Order.id))) == 1
        assert await session.scalar(select(Product.stock).where(Product.id == pen.id)) == 97
