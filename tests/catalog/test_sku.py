"""SKUs: optional, unique whatever their case, and found by the catalog search."""

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from tests.conftest import make_client
from tests.factories import auth_headers, create_product, create_user
from webshop.catalog import service
from webshop.catalog.errors import SkuTaken
from webshop.catalog.models import Product
from webshop.events.models import OutboxEvent
from webshop.users.models import UserRole

NEW = {"name": "Green tea", "description": "Loose leaves", "price": "4.50", "stock": 3}
SKU_TAKEN = {"detail": "Another product already has this SKU", "code": "sku_taken"}


async def create(client, headers, **fields):
    return await client.post("/products/", json={**NEW, **fields}, headers=headers)


async def stored_sku(session, product_id: int) -> str | None:
    return await session.scalar(select(Product.sku).where(Product.id == product_id))


async def ids(client, query: str, headers=None) -> list[int]:
    response = await client.get(f"/products/?{query}", headers=headers)
    assert response.status_code == 200, response.text
    return [product["id"] for product in response.json()]


async def test_create_stores_the_sku_as_typed(client, session, admin_headers):
    response = await create(client, admin_headers, sku="  TEA-001/b  ")

    assert response.status_code == 200
    assert response.json()["sku"] == "TEA-001/b"
    assert await stored_sku(session, response.json()["id"]) == "TEA-001/b"
    read = await client.get(f"/products/{response.json()['id']}")
    assert read.json()["sku"] == "TEA-001/b"


async def test_the_sku_is_optional(client, admin_headers):
    first = await create(client, admin_headers)
    second = await create(client, admin_headers, sku=None)

    assert (first.status_code, second.status_code) == (200, 200)
    assert first.json()["sku"] is None
    assert second.json()["sku"] is None


@pytest.mark.parametrize("sku", ["", "   ", "-TEA", "TEA 001", "TEA,001", "TÉA", "x" * 65, 7])
async def test_a_malformed_sku_is_refused(client, admin_headers, sku):
    response = await create(client, admin_headers, sku=sku)

    assert response.status_code == 422
    assert [error["loc"] for error in response.json()["errors"]] == [["body", "sku"]]


async def test_a_taken_sku_is_a_conflict_whatever_its_case(client, session, admin_headers):
    taken = await create(client, admin_headers, sku="TEA-001")

    again = await create(client, admin_headers, name="Other tea", sku="tea-001")

    assert again.status_code == 409
    assert again.json() == SKU_TAKEN
    count = await session.scalar(select(func.count()).select_from(Product))
    assert count == 1
    assert taken.json()["sku"] == "TEA-001"


async def test_update_sets_changes_and_clears_the_sku(client, session, admin_headers):
    product = await create_product(session, name="Mug", stock=4)

    set_it = await client.put(
        f"/products/{product.id}", json={"sku": "MUG-1"}, headers=admin_headers
    )
    recased = await client.put(
        f"/products/{product.id}", json={"sku": "mug-1"}, headers=admin_headers
    )
    untouched = await client.put(
        f"/products/{product.id}", json={"price": "3.00"}, headers=admin_headers
    )
    assert (set_it.json()["sku"], recased.json()["sku"], untouched.json()["sku"]) == (
        "MUG-1",
        "mug-1",
        "mug-1",
    )

    cleared = await client.put(
        f"/products/{product.id}", json={"sku": None, "name": None}, headers=admin_headers
    )

    assert cleared.status_code == 200
    assert cleared.json()["sku"] is None
    assert await stored_sku(session, product.id) is None
    assert cleared.json()["name"] == "Mug"  # `null` clears a SKU, never a name


async def test_update_to_another_products_sku_is_a_conflict(client, session, admin_headers):
    first = await create_product(session)
    second = await create_product(session, stock=5)
    await client.put(f"/products/{first.id}", json={"sku": "A-1"}, headers=admin_headers)

    response = await client.put(
        f"/products/{second.id}", json={"sku": "a-1", "stock": 9}, headers=admin_headers
    )

    assert response.status_code == 409
    assert response.json() == SKU_TAKEN
    assert await stored_sku(session, second.id) is None
    assert await session.scalar(select(Product.stock).where(Product.id == second.id)) == 5


async def test_a_cleared_sku_can_be_used_again(client, session, admin_headers):
    first = (await create(client, admin_headers, sku="REUSE-1")).json()
    await client.put(f"/products/{first['id']}", json={"sku": None}, headers=admin_headers)

    second = await create(client, admin_headers, sku="reuse-1")

    assert second.status_code == 200


async def test_the_unique_index_refuses_what_the_check_did_not_see(client, session, admin_headers):
    """As when another transaction takes the SKU between the check and the insert."""
    await create(client, admin_headers, sku="RACE-1")
    session.add(Product(name="Late", price=1, stock=0, sku="race-1"))

    with pytest.raises(SkuTaken):
        await service.flush_unique_sku(session)


async def test_other_integrity_errors_are_not_sku_conflicts(session):
    session.add(Product(name="Free", price=0, stock=0, sku="FREE-1"))

    with pytest.raises(IntegrityError, match="price_positive"):
        await service.flush_unique_sku(session)


async def test_concurrent_creates_with_one_sku_give_one_product(committed_app):
    """Each request on its own connection: whichever loses, at the check or at the unique
    index, gets the same 409."""
    async with committed_app.state.sessionmaker() as session:
        admin = await create_user(session, role=UserRole.ADMIN)
        await session.commit()
    headers = auth_headers(admin)

    async with make_client(committed_app) as client:
        responses = await asyncio.gather(
            *(
                create(client, headers, name=f"Tea {n}", sku=f"{'tea' if n % 2 else 'TEA'}-9")
                for n in range(6)
            )
        )

    assert sorted(response.status_code for response in responses) == [200] + [409] * 5
    assert all(r.json() == SKU_TAKEN for r in responses if r.status_code == 409)
    async with committed_app.state.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Product)) == 1


async def test_a_sku_change_is_in_the_update_event(client, session, admin_headers):
    product = await create_product(session)

    await client.put(f"/products/{product.id}", json={"sku": "EV-1"}, headers=admin_headers)

    event = (
        await session.execute(
            select(OutboxEvent).where(OutboxEvent.event_type == "product_updated")
        )
    ).scalar_one()
    assert event.data["changed"] == ["sku"]
    assert event.data["product_id"] == product.id


class TestSearchBySku:
    @pytest.fixture
    async def catalog(self, client, session, admin_headers):
        async def make(name: str, description: str, sku: str | None) -> int:
            response = await create(
                client, admin_headers, name=name, description=description, sku=sku
            )
            assert response.status_code == 200, response.text
            return int(response.json()["id"])

        return {
            "tea": await make("Green tea", "Loose leaves", "TEA-001"),
            "pot": await make("Tea pot", "For tea, and more tea", "POT-7"),
            "cup": await make("Tea cup", "Holds tea", None),
            "kettle": await make("Kettle", "Boils water", "KETTLE"),
        }

    async def test_a_sku_with_punctuation_finds_its_product(self, client, catalog):
        assert await ids(client, "q=TEA-001") == [catalog["tea"]]

    async def test_the_sku_match_ignores_case_and_surrounding_space(self, client, catalog):
        assert await ids(client, "q=%20tea-001%20") == [catalog["tea"]]
        assert await ids(client, "q=pot-7") == [catalog["pot"]]

    async def test_only_the_whole_sku_matches(self, client, catalog):
        assert await ids(client, "q=TEA-00") == []
        assert await ids(client, "q=TEA-0011") == []

    async def test_a_sku_match_ranks_above_every_text_match(self, client, catalog, admin_headers):
        # Its SKU is the query; its text mentions it once, in the description only.
        sampler = (
            await create(
                client, admin_headers, name="Sampler", description="A little tea", sku="TEA"
            )
        ).json()["id"]

        response = await client.get("/products/?q=tea")

        found = [product["id"] for product in response.json()]
        assert found[0] == sampler
        assert sorted(found[1:]) == sorted([catalog["tea"], catalog["pot"], catalog["cup"]])
        assert response.headers["x-total-count"] == "4"

    async def test_a_product_found_only_by_its_sku_ranks_first(
        self, client, catalog, admin_headers
    ):
        sampler = (
            await create(client, admin_headers, name="Sampler", description="Assorted", sku="tea")
        ).json()["id"]

        found = await ids(client, "q=TEA")

        assert found[0] == sampler
        assert sorted(found[1:]) == sorted([catalog["tea"], catalog["pot"], catalog["cup"]])

    async def test_without_a_sku_match_the_text_rank_is_unchanged(self, client, catalog):
        found = await ids(client, "q=tea")

        assert set(found) == {catalog["tea"], catalog["pot"], catalog["cup"]}
        assert await ids(client, "q=kettle") == [catalog["kettle"]]
        assert await ids(client, "q=boils%20water") == [catalog["kettle"]]

    async def test_a_sku_match_also_counts_with_other_sorts(self, client, catalog, admin_headers):
        plain = (
            await create(client, admin_headers, name="Sampler", description="", sku="tea")
        ).json()["id"]

        found = await ids(client, "q=tea&sort=price_asc")

        assert set(found) == {plain, catalog["tea"], catalog["pot"], catalog["cup"]}

    async def test_filters_still_apply_to_a_sku_match(self, client, catalog):
        assert await ids(client, "q=TEA-001&category=garden") == []
        assert await ids(client, "q=TEA-001&in_stock=true") == [catalog["tea"]]

    async def test_a_deleted_products_sku_is_for_admins(self, client, catalog, admin_headers):
        await client.delete(f"/products/{catalog['tea']}", headers=admin_headers)

        assert await ids(client, "q=TEA-001") == []
        admin_query = "q=TEA-001&include_inactive=true"
        assert await ids(client, admin_query, admin_headers) == [catalog["tea"]]
        assert await ids(client, "q=TEA-001&is_active=false", admin_headers) == [catalog["tea"]]

    async def test_search_follows_sku_edits(self, client, catalog, admin_headers):
        await client.put(f"/products/{catalog['tea']}", json={"sku": "T-2"}, headers=admin_headers)

        assert await ids(client, "q=TEA-001") == []
        assert await ids(client, "q=t-2") == [catalog["tea"]]
