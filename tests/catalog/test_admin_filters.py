"""The admin product list: products for sale or deleted ones, low stock, sorted by stock."""

import pytest

from tests.factories import create_product

ADMIN_ONLY = ["is_active=false", "max_stock=3", "include_inactive=true", "is_active=false&q=x"]


async def ids(client, query: str, headers) -> list[int]:
    response = await client.get(f"/products/?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return [product["id"] for product in response.json()]


@pytest.fixture
async def stock(session):
    return {
        "empty": await create_product(session, name="Empty", stock=0),
        "low": await create_product(session, name="Low", stock=2),
        "plenty": await create_product(session, name="Plenty", stock=40),
        "deleted": await create_product(session, name="Deleted", stock=1, is_active=False),
    }


async def test_is_active_false_lists_only_deleted_products(client, stock, admin_headers):
    assert await ids(client, "is_active=false", admin_headers) == [stock["deleted"].id]


async def test_is_active_true_lists_only_products_for_sale(client, stock, admin_headers):
    expected = {stock[name].id for name in ("empty", "low", "plenty")}
    assert set(await ids(client, "is_active=true", admin_headers)) == expected
    # It wins over include_inactive, which it makes pointless.
    assert set(await ids(client, "is_active=true&include_inactive=true", admin_headers)) == (
        expected
    )


async def test_is_active_true_is_open_to_everyone(client, stock, customer_headers):
    for headers in ({}, customer_headers):
        assert stock["deleted"].id not in await ids(client, "is_active=true", headers)


async def test_max_stock_is_the_low_stock_view(client, stock, admin_headers):
    low = await ids(client, "max_stock=2&sort=stock_asc", admin_headers)
    with_deleted = await ids(
        client, "max_stock=2&include_inactive=true&sort=stock_asc", admin_headers
    )

    assert low == [stock["empty"].id, stock["low"].id]
    assert with_deleted == [stock["empty"].id, stock["deleted"].id, stock["low"].id]
    assert await ids(client, "max_stock=0", admin_headers) == [stock["empty"].id]
    assert await ids(client, "max_stock=2&is_active=false", admin_headers) == [stock["deleted"].id]


@pytest.mark.parametrize("query", ADMIN_ONLY)
async def test_admin_filters_are_for_admins_only(client, stock, customer_headers, query):
    anonymous = await client.get(f"/products/?{query}")
    as_customer = await client.get(f"/products/?{query}", headers=customer_headers)

    assert (anonymous.status_code, as_customer.status_code) == (403, 403)
    assert as_customer.json()["code"] == "admin_required"


@pytest.mark.parametrize("query", ["max_stock=-1", "max_stock=1000001", "is_active=maybe"])
async def test_bad_admin_filters_are_422(client, admin_headers, query):
    response = await client.get(f"/products/?{query}", headers=admin_headers)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


async def test_sorting_by_stock_breaks_ties_on_id(client, session, stock, admin_headers):
    tie = await create_product(session, name="Also low", stock=2)

    ascending = await ids(client, "sort=stock_asc", admin_headers)
    descending = await ids(client, "sort=stock_desc", admin_headers)

    assert ascending == [stock["empty"].id, stock["low"].id, tie.id, stock["plenty"].id]
    assert descending == [stock["plenty"].id, tie.id, stock["low"].id, stock["empty"].id]


async def test_stock_sorts_are_open_to_shoppers(client, stock):
    response = await client.get("/products/?sort=stock_desc")

    assert response.status_code == 200
    assert response.json()[0]["id"] == stock["plenty"].id


async def test_pages_of_a_filtered_list_carry_the_total(client, stock, admin_headers):
    response = await client.get(
        "/products/?include_inactive=true&sort=stock_asc&limit=2&skip=1", headers=admin_headers
    )

    assert response.headers["x-total-count"] == "4"
    assert [p["id"] for p in response.json()] == [stock["deleted"].id, stock["low"].id]


async def test_an_admin_finds_a_product_by_its_sku(client, session, stock, admin_headers):
    await client.put(
        f"/products/{stock['deleted'].id}", json={"sku": "OLD-LAMP.2"}, headers=admin_headers
    )
    await client.put(f"/products/{stock['low'].id}", json={"sku": "LOW-1"}, headers=admin_headers)

    assert await ids(client, "q=low-1", admin_headers) == [stock["low"].id]
    assert await ids(client, "q=old-lamp.2&is_active=false", admin_headers) == [stock["deleted"].id]
    assert await ids(client, "q=old-lamp.2", admin_headers) == []
