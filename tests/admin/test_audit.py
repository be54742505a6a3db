"""The audit trail: every administrator action, with its values before and after, recorded in
the change's own transaction, readable by filters and never changed."""

from datetime import timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from tests.catalog.test_images import image_bytes, upload
from tests.catalog.test_import import csv_bytes, post_csv, row
from tests.factories import auth_headers, create_order, create_product, create_user
from webshop.core.clock import utcnow
from webshop.reviews.models import Review
from webshop.users.models import UserRole


async def trail(client, headers, **filters):
    response = await client.get("/admin/audit", params=filters, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def summary(records):
    return [
        (r["action"], r["object_type"], r["object_id"], r["before"], r["after"]) for r in records
    ]


@pytest.fixture
async def lamp(session):
    return await create_product(session, name="Lamp", price="10.00", stock=5)


async def test_product_actions_are_recorded_with_before_and_after(
    client, session, admin, admin_headers, lamp
):
    created = await client.post(
        "/products/",
        json={"name": "Desk", "price": "120.00", "stock": 3, "category": "office"},
        headers=admin_headers,
    )
    desk = created.json()["id"]
    await client.put(f"/products/{lamp.id}", json={"price": "12.50"}, headers=admin_headers)
    await client.post(
        f"/products/{lamp.id}/stock",
        json={"delta": -2, "reason": "adjustment", "note": "broken in storage"},
        headers=admin_headers,
    )
    await client.delete(f"/products/{lamp.id}", headers=admin_headers)
    await client.put(f"/products/{lamp.id}", json={"is_active": True}, headers=admin_headers)

    records = await trail(client, admin_headers)

    assert summary(reversed(records)) == [
        (
            "product.created",
            "product",
            str(desk),
            None,
            {
                "name": "Desk",
                "sku": None,
                "description": "",
                "price": "120.00",
                "stock": 3,
                "category": "office",
                "image_url": None,
                "is_active": True,
            },
        ),
        ("product.updated", "product", str(lamp.id), {"price": "10.00"}, {"price": "12.50"}),
        (
            "product.stock_changed",
            "product",
            str(lamp.id),
            {"stock": 5},
            {"stock": 3, "reason": "adjustment", "note": "broken in storage"},
        ),
        (
            "product.deleted",
            "product",
            str(lamp.id),
            {"name": "Lamp", "is_active": True},
            {"name": "Lamp", "is_active": False},
        ),
        ("product.restored", "product", str(lamp.id), {"is_active": False}, {"is_active": True}),
    ]
    assert {(r["actor_id"], r["actor_email"]) for r in records} == {(admin.id, admin.email)}


async def test_an_update_that_changes_nothing_records_nothing(client, admin_headers, lamp):
    await client.put(f"/products/{lamp.id}", json={"price": "10.00"}, headers=admin_headers)

    assert await trail(client, admin_headers) == []


async def test_a_refused_change_records_nothing(client, admin_headers, lamp):
    refused = await client.post(
        f"/products/{lamp.id}/stock",
        json={"delta": -6, "reason": "adjustment"},
        headers=admin_headers,
    )

    assert refused.status_code == 409
    assert await trail(client, admin_headers) == []


async def test_image_bulk_and_import_changes_are_recorded(client, session, admin_headers, lamp):
    await upload(client, lamp.id, image_bytes("PNG"), admin_headers)
    await client.patch(
        "/products/bulk",
        json={"products": [{"id": lamp.id, "price": "11.00", "stock": 9}]},
        headers=admin_headers,
    )
    imported = await post_csv(
        client, admin_headers, csv_bytes(row("LMP-2", name="Lamp two", price="8.00")), dry_run=False
    )
    new_id = str(imported.json()["rows"][0]["product_id"])

    records = summary(reversed(await trail(client, admin_headers)))

    image = records[0]
    assert image[:4] == ("product.image_changed", "product", str(lamp.id), {"image_url": None})
    assert image[4]["image_url"].startswith("/media/products/")
    assert records[1] == (
        "products.bulk_updated",
        "product",
        str(lamp.id),
        {"price": "10.00", "stock": 5},
        {"price": "11.00", "stock": 9},
    )
    action, kind, product_id, before, after = records[2]
    assert (action, kind, product_id, before) == ("products.imported", "product", new_id, None)
    assert (after["sku"], after["price"], after["stock"]) == ("LMP-2", "8.00", 10)


async def test_order_user_and_review_actions_are_recorded(client, session, admin, admin_headers):
    carla = await create_user(session, username="carla2", email="carla2@example.com")
    lamp = await create_product(session, stock=5)
    order = await create_order(session, carla, (lamp, 1))
    session.add(Review(product_id=lamp.id, user_id=carla.id, rating=1, comment="spam spam"))
    await session.flush()
    review = await session.scalar(select(Review.id))

    await client.put(f"/orders/{order.id}/status", json={"status": "paid"}, headers=admin_headers)
    await client.patch(
        f"/users/{carla.id}", json={"role": "admin", "is_active": False}, headers=admin_headers
    )
    await client.delete(f"/products/{lamp.id}/reviews/{review}", headers=admin_headers)

    assert summary(reversed(await trail(client, admin_headers))) == [
        ("order.status_changed", "order", str(order.id), {"status": "pending"}, {"status": "paid"}),
        (
            "user.updated",
            "user",
            str(carla.id),
            {"role": "customer", "is_active": True},
            {"role": "admin", "is_active": False},
        ),
        (
            "review.deleted",
            "review",
            str(review),
            {"product_id": lamp.id, "user_id": carla.id, "rating": 1, "comment": "spam spam"},
            None,
        ),
    ]


async def test_a_customer_s_own_actions_are_not_administrator_actions(
    client, session, customer, customer_headers, admin_headers
):
    lamp = await create_product(session, stock=5)
    order = await create_order(session, customer, (lamp, 1))

    cancelled = await client.post(f"/orders/{order.id}/cancel", headers=customer_headers)

    assert cancelled.status_code == 200
    assert await trail(client, admin_headers) == []


async def test_the_trail_is_filtered_by_actor_action_object_and_date(
    client, session, admin, admin_headers, lamp
):
    other = await create_user(
        session, username="olga", email="olga@example.com", role=UserRole.ADMIN
    )
    other_headers = auth_headers(other)
    vase = await create_product(session, name="Vase")
    await client.put(f"/products/{lamp.id}", json={"price": "11.00"}, headers=admin_headers)
    await client.put(f"/products/{vase.id}", json={"price": "12.00"}, headers=other_headers)
    await client.delete(f"/products/{vase.id}", headers=other_headers)

    by_olga = await client.get("/admin/audit", params={"actor_id": other.id}, headers=admin_headers)
    vase_only = await trail(client, admin_headers, object_type="product", object_id=str(vase.id))
    deletions = await trail(client, admin_headers, action="product.deleted")
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    none_yet = await trail(client, admin_headers, created_from=tomorrow)
    paged = await client.get("/admin/audit", params={"limit": 1, "skip": 1}, headers=admin_headers)

    assert [r["action"] for r in by_olga.json()] == ["product.deleted", "product.updated"]
    assert by_olga.headers["x-total-count"] == "2"
    assert [r["object_id"] for r in vase_only] == [str(vase.id)] * 2
    assert [r["object_id"] for r in deletions] == [str(vase.id)]
    assert none_yet == []
    assert paged.headers["x-total-count"] == "3"
    assert [r["action"] for r in paged.json()] == ["product.updated"]


async def test_only_administrators_read_the_trail(client, customer_headers):
    anonymous = await client.get("/admin/audit")
    customer = await client.get("/admin/audit", headers=customer_headers)

    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "not_authenticated")
    assert (customer.status_code, customer.json()["code"]) == (403, "admin_required")


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
async def test_the_api_cannot_change_or_delete_records(client, admin_headers, lamp, method):
    await client.put(f"/products/{lamp.id}", json={"price": "11.00"}, headers=admin_headers)
    record = (await trail(client, admin_headers))[0]["id"]

    on_list = await client.request(method, "/admin/audit", json={}, headers=admin_headers)
    on_record = await client.request(
        method, f"/admin/audit/{record}", json={}, headers=admin_headers
    )

    assert on_list.status_code == 405
    assert on_record.status_code == 404
    assert on_record.json()["code"] == "not_found"
    assert len(await trail(client, admin_headers)) == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_records SET after = NULL",
        "UPDATE audit_records SET actor_email = 'someone@else.example'",
        "DELETE FROM audit_records",
    ],
)
async def test_the_database_refuses_to_change_or_delete_records(
    client, session, admin_headers, lamp, statement
):
    await client.put(f"/products/{lamp.id}", json={"price": "11.00"}, headers=admin_headers)

    with pytest.raises(DBAPIError, match="audit records cannot be changed or deleted"):
        async with session.begin_nested():
            await session.execute(text(statement))

    assert summary(await trail(client, admin_headers)) == [
        ("product.updated", "product", str(lamp.id), {"price": "10.00"}, {"price": "11.00"})
    ]
