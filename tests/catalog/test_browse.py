"""Browsing: filters, sorting, pagination and ranked full-text search, on either database."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.factories import create_product, write_views
from webshop.core.clock import utcnow
from webshop.events.models import OutboxEvent
from webshop.reviews.models import Review


async def ids(client, query: str = "") -> list[int]:
    response = await client.get(f"/products/?{query}")
    assert response.status_code == 200, response.text
    return [product["id"] for product in response.json()]


async def test_pagination_with_total_count(client, session):
    made = [await create_product(session) for _ in range(7)]
    newest_first = [p.id for p in reversed(made)]

    first = await client.get("/products/?limit=3")
    rest = await client.get("/products/?skip=3&limit=10")

    assert first.headers["x-total-count"] == "7"
    assert [p["id"] for p in first.json()] == newest_first[:3]
    assert [p["id"] for p in rest.json()] == newest_first[3:]


async def test_default_page_size_is_20_and_limit_is_capped(client, session):
    for _ in range(21):
        await create_product(session)
    assert len(await ids(client)) == 20
    for query in ("limit=101", "limit=0", "skip=-1"):
        assert (await client.get(f"/products/?{query}")).status_code == 422


async def test_filters_combine(client, session):
    cheap_book = await create_product(session, category="books", price="5.00", stock=3)
    dear_book = await create_product(session, category="books", price="50.00", stock=0)
    toy = await create_product(session, category="toys", price="7.50", stock=1)

    assert set(await ids(client, "category=books")) == {cheap_book.id, dear_book.id}
    assert set(await ids(client, "category=BOOKS")) == {cheap_book.id, dear_book.id}
    assert set(await ids(client, "min_price=6&max_price=50")) == {dear_book.id, toy.id}
    assert set(await ids(client, "max_price=7.50")) == {cheap_book.id, toy.id}
    assert set(await ids(client, "in_stock=true")) == {cheap_book.id, toy.id}
    assert set(await ids(client, "in_stock=false")) == {dear_book.id}
    assert await ids(client, "category=books&in_stock=true&max_price=10") == [cheap_book.id]
    assert await ids(client, "category=garden") == []


async def test_bad_filters_are_422(client):
    for query in (
        "min_price=-1",
        "max_price=abc",
        "min_price=10&max_price=5",
        "sort=random",
        "in_stock=maybe",
        "q=" + "x" * 201,
    ):
        response = await client.get(f"/products/?{query}")
        assert response.status_code == 422, query
        assert "detail" in response.json()


async def test_sorting(client, session):
    b = await create_product(session, name="banana", price="3.00")
    a = await create_product(session, name="Apple", price="1.00")
    c = await create_product(session, name="cherry", price="2.00")
    b.created_at = utcnow() - timedelta(hours=1)
    await session.flush()

    assert await ids(client, "sort=price_asc") == [a.id, c.id, b.id]
    assert await ids(client, "sort=price_desc") == [b.id, c.id, a.id]
    assert await ids(client, "sort=name") == [a.id, b.id, c.id]
    assert await ids(client, "sort=newest") == [c.id, a.id, b.id]


async def test_sort_by_rating_puts_unrated_last(client, session, customer):
    unrated = await create_product(session, name="unrated")
    good = await create_product(session, name="good")
    best = await create_product(session, name="best")
    session.add_all(
        [
            Review(product_id=good.id, user_id=customer.id, rating=3),
            Review(product_id=best.id, user_id=customer.id, rating=5),
        ]
    )
    await session.flush()

    assert await ids(client, "sort=rating") == [best.id, good.id, unrated.id]


async def test_list_shows_ratings_from_one_aggregate(client, session, customer, admin):
    product = await create_product(session)
    session.add_all(
        [
            Review(product_id=product.id, user_id=customer.id, rating=5),
            Review(product_id=product.id, user_id=admin.id, rating=4),
        ]
    )
    await session.flush()

    [listed] = (await client.get("/products/")).json()

    assert (listed["average_rating"], listed["review_count"]) == (4.5, 2)


async def test_browsing_emits_product_list_viewed(app, client, session):
    product = await create_product(session, category="books")

    await client.get("/products/?category=books&q=product")
    await write_views(app, session)

    event = (
        await session.execute(
            select(OutboxEvent).where(OutboxEvent.event_type == "product_list_viewed")
        )
    ).scalar_one()
    assert event.data["category"] == "books"
    assert event.data["q"] == "product"
    assert event.data["product_ids"] == [product.id]
    assert event.data["result_count"] == 1


class TestSearch:
    @pytest.fixture
    async def catalog(self, session):
        return {
            "desk_lamp": await create_product(
                session, name="Brass desk lamp", description="A warm light for your study."
            ),
            "floor_lamp": await create_product(
                session, name="Floor lamp", description="Tall and bright."
            ),
            "mention": await create_product(
                session, name="Reading chair", description="Pairs well with a lamp."
            ),
            "kettle": await create_product(
                session, name="Kettle", description="Boils water quickly."
            ),
        }

    async def test_name_matches_rank_above_description_matches(self, client, catalog):
        found = await ids(client, "q=lamp")

        assert set(found) == {catalog[k].id for k in ("desk_lamp", "floor_lamp", "mention")}
        assert found[-1] == catalog["mention"].id

    async def test_every_word_must_match(self, client, catalog):
        assert await ids(client, "q=desk%20lamp") == [catalog["desk_lamp"].id]
        assert await ids(client, "q=lamp%20kettle") == []

    async def test_the_last_word_matches_as_a_prefix(self, client, catalog):
        assert set(await ids(client, "q=ket")) == {catalog["kettle"].id}
        assert await ids(client, "q=brass%20des") == [catalog["desk_lamp"].id]

    async def test_word_forms_match(self, client, catalog):
        assert catalog["kettle"].id in await ids(client, "q=boiling")
        assert catalog["desk_lamp"].id in await ids(client, "q=lamps")

    async def test_search_is_case_insensitive_and_combines_with_filters(
        self, client, catalog, session
    ):
        catalog["floor_lamp"].price = 500
        await session.flush()
        # Equal prices: ties go to the older (lower) id.
        assert await ids(client, "q=LAMP&max_price=100&sort=price_asc") == sorted(
            [catalog["desk_lamp"].id, catalog["mention"].id]
        )

    @pytest.mark.parametrize(
        "query",
        [
            '"',
            "lamp OR",
            "NEAR(lamp",
            "*",
            "lamp AND NOT",
            "'; DROP TABLE products; --",
            "(((",
            "a:b",
            "\\",
            "%",
            "!!!",
        ],
    )
    async def test_query_syntax_is_never_passed_through(self, client, catalog, query):
        response = await client.get("/products/", params={"q": query})
        assert response.status_code == 200

    async def test_punctuation_only_query_lists_everything(self, client, catalog):
        assert len(await ids(client, "q=%21%21")) == 4

    async def test_search_follows_edits(self, client, catalog, admin_headers):
        kettle = catalog["kettle"].id
        await client.put(f"/products/{kettle}", json={"name": "Teapot"}, headers=admin_headers)
        assert await ids(client, "q=teapot") == [kettle]
        assert await ids(client, "q=kettle") == []

    async def test_deleted_products_are_not_found(self, client, catalog, admin_headers):
        await client.delete(f"/products/{catalog['kettle'].id}", headers=admin_headers)
        assert await ids(client, "q=kettle") == []
