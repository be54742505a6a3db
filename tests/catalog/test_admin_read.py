"""An administrator reads one product for the editing page: deleted ones too, and not as a view."""

from sqlalchemy import func, select

from tests.factories import create_product, write_views
from webshop.events.models import OutboxEvent


async def views(app, session) -> int:
    await write_views(app, session)
    return int(
        await session.scalar(
            select(func.count())
            .select_from(OutboxEvent)
            .where(OutboxEvent.event_type == "product_viewed")
        )
    )


async def test_an_admin_reads_a_deleted_product(client, session, admin_headers):
    product = await create_product(session, name="Old Lamp", price="12.50", is_active=False)

    response = await client.get(f"/products/{product.id}", headers=admin_headers)

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["name"], body["price"]) == (product.id, "Old Lamp", "12.50")
    assert body["is_active"] is False


async def test_shoppers_still_get_not_found_for_a_deleted_product(
    client, session, customer_headers
):
    product = await create_product(session, is_active=False)

    for headers in ({}, customer_headers, {"Authorization": "Bearer expired.or.bad"}):
        response = await client.get(f"/products/{product.id}", headers=headers)
        assert response.status_code == 404
        assert response.json() == {"detail": "Product not found", "code": "not_found"}


async def test_an_admin_reading_is_not_a_product_view(app, client, session, admin_headers):
    active = await create_product(session)
    deleted = await create_product(session, is_active=False)

    assert (await client.get(f"/products/{active.id}", headers=admin_headers)).status_code == 200
    assert (await client.get(f"/products/{deleted.id}", headers=admin_headers)).status_code == 200
    assert await views(app, session) == 0

    assert (await client.get(f"/products/{active.id}")).status_code == 200
    assert await views(app, session) == 1


async def test_an_unknown_product_is_not_found_for_an_admin_too(client, admin_headers):
    response = await client.get("/products/999999", headers=admin_headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "Product not found", "code": "not_found"}
