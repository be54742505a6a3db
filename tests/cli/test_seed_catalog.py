"""`webshop seed` fills a demo shop: products with pictures, stock, reviews, months of orders;
once only."""

import asyncio
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.orders import summaries
from webshop.analytics import counting
from webshop.analytics.models import ActiveUserDaily, ProductViewsDaily
from webshop.catalog.models import Product, StockMovement, StockReason
from webshop.cli import main
from webshop.core.clock import utcnow
from webshop.core.config import get_settings
from webshop.db.session import create_engine, create_sessionmaker
from webshop.demo import seed
from webshop.demo.content import DEMO_CATALOG
from webshop.events.relay import Relay
from webshop.events.transport import InProcessTransport
from webshop.orders.models import Order, OrderStatus
from webshop.reviews.models import Review
from webshop.users.models import User


def query(shop_dir: Path, statement: Any) -> list[Any]:
    async def fetch() -> list[Any]:
        engine = create_engine(f"sqlite+aiosqlite:///{shop_dir / 'cli.db'}")
        try:
            async with create_sessionmaker(engine)() as session:
                return list((await session.execute(statement)).all())
        finally:
            await engine.dispose()

    return asyncio.run(fetch())


def counts(shop_dir: Path) -> dict[str, int]:
    tables = {
        "products": Product,
        "reviews": Review,
        "movements": StockMovement,
        "users": User,
        "orders": Order,
    }
    return {
        name: query(shop_dir, select(func.count()).select_from(model))[0][0]
        for name, model in tables.items()
    }


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One shop seeded twice (the demo takes seconds to build): both outputs and the counts
    after each run."""
    shop_dir = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DATA_DIR", str(shop_dir))
        patch.setenv("DATABASE_URL", f"sqlite:///{shop_dir / 'cli.db'}")
        patch.setenv("ADMIN_EMAIL", "boss@example.com")
        patch.setenv("ADMIN_USERNAME", "boss")
        get_settings.cache_clear()
        first = run("seed")
        after_first = counts(shop_dir)
        files = sorted((shop_dir / "media" / "products").iterdir())
        second = run("seed")
        yield {
            "dir": shop_dir,
            "first": first,
            "second": second,
            "counts": (after_first, counts(shop_dir)),
            "files": (files, sorted((shop_dir / "media" / "products").iterdir())),
        }
    get_settings.cache_clear()


def test_seed_fills_a_catalog_with_pictures_stock_and_reviews(seeded):
    shop_dir, result = seeded["dir"], seeded["first"]

    assert result.exit_code == 0, result.output
    products = [row.Product for row in query(shop_dir, select(Product))]
    assert 50 <= len(products) <= 70
    assert all(product.is_active for product in products)
    assert len({product.name for product in products}) == len(products)
    categories = {product.category for product in products}
    assert len(categories) >= 5
    assert all(category == category.lower() for category in categories)
    for product in products:
        assert product.price > 0
        assert product.description
        assert product.image_url
        assert product.thumbnail_url
        for url in (product.image_url, product.thumbnail_url):
            assert (shop_dir / url.removeprefix("/")).is_file(), url
    assert len(list((shop_dir / "media" / "products").iterdir())) == 2 * len(products)
    stocks = [product.stock for product in products]
    assert 0 in stocks
    assert any(0 < stock <= 5 for stock in stocks)
    assert len(set(stocks)) > 10

    reviews = [row.Review for row in query(shop_dir, select(Review))]
    assert len(reviews) >= 30
    assert {review.rating for review in reviews} >= {3, 4, 5}
    assert len({review.product_id for review in reviews}) >= 20

    # Initial stock went through the inventory, as an administrator's would.
    initial = query(
        shop_dir,
        select(func.count()).where(StockMovement.reason == StockReason.INITIAL),
    )[0][0]
    assert initial == sum(1 for _, item in seed.demo_products() if item.stock)

    assert "products 60/60" in result.output
    assert re.search(r"reviews (\d+)/\1", result.output)
    assert f"Created {len(products)} demo products" in result.output
    assert f"Created {len(reviews)} demo reviews" in result.output


def test_seed_twice_adds_nothing_the_second_time(seeded):
    first, second = seeded["first"], seeded["second"]

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    before, after = seeded["counts"]
    assert after == before
    assert seeded["files"][0] == seeded["files"][1]
    assert "Demo products already exist." in second.output
    assert "Demo reviews already exist." in second.output
    assert "Demo orders already exist." in second.output
    assert "products 60/60" in second.output


def test_the_demo_content_is_the_same_on_every_run():
    assert seed.demo_reviews() == seed.demo_reviews()
    names = [item.name for _, item in seed.demo_products()]
    assert len(set(names)) == len(names)
    assert all("." in item.price for _, item in seed.demo_products())


def test_seed_without_an_administrator_explains_what_to_do(shop_dir):
    assert run("migrate").exit_code == 0

    async def seed_without_admin() -> None:
        engine = create_engine(get_settings().DATABASE_URL)
        try:
            async with create_sessionmaker(engine)() as session:
                await seed.seed_demo_data(session, get_settings(), echo=lambda _: None)
        finally:
            await engine.dispose()

    with pytest.raises(seed.NoAdministrator, match="create-admin"):
        asyncio.run(seed_without_admin())
    assert counts(shop_dir)["users"] == 0


def test_seed_gives_the_dashboard_months_of_orders_in_every_status(seeded):
    shop_dir, result = seeded["dir"], seeded["first"]

    assert result.exit_code == 0, result.output
    orders = [row.Order for row in query(shop_dir, select(Order))]
    assert len(orders) >= 100
    assert {order.status for order in orders} == set(OrderStatus)
    dates = [order.created_at for order in orders]
    assert min(dates) < utcnow() - timedelta(days=60)
    assert max(dates) > utcnow() - timedelta(days=7)
    assert len({date.date() for date in dates}) > 50
    # Sales never touch the nearly-sold-out products, so the low-stock view stays as designed.
    designed = {item.name: item.stock for items in DEMO_CATALOG.values() for item in items}
    for product in (row.Product for row in query(shop_dir, select(Product))):
        assert product.stock >= 0
        if designed[product.name] <= 5:
            assert product.stock == designed[product.name]
    customers = query(shop_dir, select(User.created_at).where(User.role == "customer"))
    assert len({created.date() for (created,) in customers}) > 10  # sign-ups spread over time
    assert re.search(r"orders (\d+)/\1", result.output)
    customer_count = len(customers)
    assert f"customers {customer_count}/{customer_count}" in result.output


def test_seeded_browsing_reaches_analytics_through_the_relay(seeded):
    shop_dir = seeded["dir"]
    assert re.search(r"Recorded (\d+) demo browsing events", seeded["first"].output)
    assert "Demo browsing activity already exists." in seeded["second"].output

    async def relay_everything() -> int:
        settings = get_settings().model_copy(
            update={"DATABASE_URL": f"sqlite+aiosqlite:///{shop_dir / 'cli.db'}"}
        )
        engine = create_engine(settings.DATABASE_URL)
        sessionmaker = create_sessionmaker(engine)
        handler = counting.event_handler(settings.shop_zone)
        relay = Relay(settings, sessionmaker, InProcessTransport(settings, sessionmaker, handler))
        delivered = 0
        try:
            assert await relay.hold_lease()
            while batch := await relay.deliver_batch():
                delivered += batch
        finally:
            await engine.dispose()
        return delivered

    assert asyncio.run(relay_everything()) > 1000
    days = query(shop_dir, select(func.count(func.distinct(ProductViewsDaily.day))))[0][0]
    active_days = query(shop_dir, select(func.count(func.distinct(ActiveUserDaily.day))))[0][0]
    assert days >= 25
    assert active_days >= 25


def test_the_seeded_history_is_in_the_sales_summaries(seeded):
    """Demo orders are dated in the past through the summaries too, so the dashboard's
    figures match the orders."""

    async def compare() -> tuple[Any, Any]:
        engine = create_engine(f"sqlite+aiosqlite:///{seeded['dir'] / 'cli.db'}")
        try:
            async with create_sessionmaker(engine)() as session:
                return await summaries.expected(session), await summaries.actual(session)
        finally:
            await engine.dispose()

    wanted, kept = asyncio.run(compare())
    assert kept == wanted
