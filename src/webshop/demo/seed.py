"""`webshop seed`: demo data, so a new shop looks alive. Running it twice adds nothing.

Everything goes through the services, as an administrator or a customer would do it, so the
demo shop has the stock movements, events and image files real use would leave behind.
"""

from __future__ import annotations

import asyncio
import random
import secrets
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.auth import service as auth_service
from webshop.catalog import service as catalog_service
from webshop.catalog.errors import InsufficientStock, ProductNotFound
from webshop.catalog.models import Product, StockMovement
from webshop.catalog.schemas import ProductCreate
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.core.errors import NotFound
from webshop.db.session import release
from webshop.demo import images as demo_images
from webshop.demo.content import (
    COMMENTS,
    DEMO_CATALOG,
    DEMO_CUSTOMERS,
    RATING_WEIGHTS,
    REVIEWS_PER_PRODUCT,
    DemoProduct,
    DemoReview,
)
from webshop.events.models import OutboxEvent
from webshop.events.publish import publish
from webshop.events.schemas import EventType
from webshop.orders import revenue
from webshop.orders import service as orders_service
from webshop.orders.errors import ProductsUnavailable
from webshop.orders.models import Order, OrderStatus, OrderStatusChange
from webshop.orders.schemas import OrderCreate, OrderLine
from webshop.reviews import service as reviews_service
from webshop.reviews.errors import AlreadyReviewed
from webshop.reviews.schemas import ReviewCreate
from webshop.users import service as users_service
from webshop.users.models import User, UserRole
from webshop.users.schemas import UserCreate

Echo = Callable[[str], None]
PROGRESS_EVERY = 10
SIGNUP_DAYS = 130
ORDER_DAYS = 90
ORDERABLE_STOCK = 20
ACTIVITY_DAYS = 30

# How likely each final status is for an order of at least this many days.
_STATUS_ODDS: dict[float, dict[OrderStatus, int]] = {
    14: {OrderStatus.DELIVERED: 80, OrderStatus.CANCELLED: 12, OrderStatus.SHIPPED: 8},
    4: {
        OrderStatus.DELIVERED: 30,
        OrderStatus.SHIPPED: 40,
        OrderStatus.PAID: 15,
        OrderStatus.CANCELLED: 15,
    },
    0: {
        OrderStatus.PENDING: 40,
        OrderStatus.PAID: 35,
        OrderStatus.SHIPPED: 15,
        OrderStatus.CANCELLED: 10,
    },
}
# The status changes that take a new order to each final status.
_LIFECYCLE: dict[OrderStatus, list[OrderStatus]] = {
    OrderStatus.PENDING: [],
    OrderStatus.PAID: [OrderStatus.PAID],
    OrderStatus.SHIPPED: [OrderStatus.PAID, OrderStatus.SHIPPED],
    OrderStatus.DELIVERED: [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
}


class NoAdministrator(NotFound):
    default_detail = (
        "The demo catalog needs an administrator to create it; run `webshop create-admin` first"
    )


def demo_products() -> list[tuple[str, DemoProduct]]:
    """Every demo product with its category, in the order they are created."""
    return [(category, item) for category, items in DEMO_CATALOG.items() for item in items]


def demo_reviews() -> list[DemoReview]:
    """The demo reviews: the same on every run, whatever is already in the database."""
    rng = random.Random(42)  # noqa: S311 - demo content, not security  # nosec B311
    emails = [email for email, _ in DEMO_CUSTOMERS]
    ratings, weights = list(RATING_WEIGHTS), list(RATING_WEIGHTS.values())
    reviews = []
    for _, item in demo_products():
        for email in rng.sample(emails, rng.choice(REVIEWS_PER_PRODUCT)):
            rating = rng.choices(ratings, weights)[0]
            reviews.append(DemoReview(item.name, email, rating, rng.choice(COMMENTS[rating])))
    return reviews


async def first_admin(session: AsyncSession) -> User:
    admins = await users_service.list_users(session, skip=0, limit=1, role=UserRole.ADMIN)
    if not admins.items:
        raise NoAdministrator
    return admins.items[0]


async def seed_customers(session: AsyncSession, echo: Echo, *, settings: Settings) -> int:
    """Create the demo customers that do not exist yet, sharing one printed random password."""
    password = secrets.token_urlsafe(9)
    created = 0
    now = utcnow()
    for index, (email, username) in enumerate(DEMO_CUSTOMERS, start=1):
        if await users_service.find_by_login(session, email) is None:
            customer = await auth_service.register_user(
                session,
                UserCreate(email=email, username=username, password=password),
                settings=settings,
            )
            # Spread the sign-ups over the last months, so user growth has a history.
            customer.created_at = now - timedelta(days=SIGNUP_DAYS - index * 6, hours=index)
            await session.commit()
            created += 1
        if index % 5 == 0 or index == len(DEMO_CUSTOMERS):
            echo(f"  customers {index}/{len(DEMO_CUSTOMERS)}")
    if created:
        echo(f"Created {created} demo customers; their password is: {password}")
    else:
        echo("Demo customers already exist.")
    return created


async def seed_products(
    session: AsyncSession, echo: Echo, *, admin: User, media_dir: Path
) -> dict[str, int]:
    """Create the demo products that do not exist yet, each with a generated picture.

    A product is recognised by its name. One that exists without a picture (an earlier run was
    interrupted) gets its picture now. Returns the id of every demo product by name.
    """
    items = demo_products()
    ids: dict[str, int] = {}
    created = pictured = 0
    for index, (category, item) in enumerate(items, start=1):
        existing = await _find_product(session, item.name)
        if existing is None:
            product = await catalog_service.create_product(
                session,
                ProductCreate(
                    name=item.name,
                    sku=f"{category[:3].upper()}-{index:03d}",  # ELE-001, stable per product
                    description=item.description,
                    price=Decimal(item.price),
                    stock=item.stock,
                    category=category,
                ),
                actor=admin,
            )
            product_id, has_image = product.id, False
            created += 1
        else:
            product_id, has_image = existing
        ids[item.name] = product_id
        if not has_image:
            await release(session)  # no transaction is held while Pillow draws
            picture = await asyncio.to_thread(demo_images.product_image, item.name, category)
            await catalog_service.set_product_image(
                session, product_id, picture, actor=admin, media_dir=media_dir
            )
            pictured += 1
        if index % PROGRESS_EVERY == 0 or index == len(items):
            echo(f"  products {index}/{len(items)}")
    if created or pictured:
        echo(f"Created {created} demo products; added {pictured} product pictures.")
    else:
        echo("Demo products already exist.")
    return ids


async def seed_reviews(session: AsyncSession, echo: Echo, *, product_ids: dict[str, int]) -> int:
    """Let the demo customers review some demo products; reviews already written are kept."""
    reviews = demo_reviews()
    authors = {
        email: await users_service.find_by_login(session, email) for email, _ in DEMO_CUSTOMERS
    }
    created = 0
    for index, review in enumerate(reviews, start=1):
        author = authors.get(review.customer_email)
        product_id = product_ids.get(review.product_name)
        if author is not None and product_id is not None:
            # Skipped when reviewed already, or when the product has been taken off sale.
            with suppress(AlreadyReviewed, ProductNotFound):
                await reviews_service.create_review(
                    session,
                    product_id,
                    ReviewCreate(rating=review.rating, comment=review.comment),
                    author=author,
                )
                created += 1
        if index % (PROGRESS_EVERY * 2) == 0 or index == len(reviews):
            echo(f"  reviews {index}/{len(reviews)}")
    if created:
        echo(f"Created {created} demo reviews.")
    else:
        echo("Demo reviews already exist.")
    return created


@dataclass(frozen=True)
class DemoOrder:
    days_ago: float
    customer_email: str
    lines: list[tuple[str, int]]  # product name, quantity
    status: OrderStatus


def demo_orders() -> list[DemoOrder]:
    """Three months of orders: old ones mostly delivered, recent ones still on their way."""
    rng = random.Random(7)  # noqa: S311 - demo content, not security  # nosec B311
    emails = [email for email, _ in DEMO_CUSTOMERS]
    # Only well-stocked products sell in the demo, so the low-stock view stays as designed.
    stocked = [item.name for _, item in demo_products() if item.stock >= ORDERABLE_STOCK]
    orders = []
    for day in range(ORDER_DAYS, 0, -1):
        for _ in range(rng.choice((0, 1, 2, 2, 3))):
            age = day - rng.random()
            odds = _STATUS_ODDS[next(days for days in _STATUS_ODDS if age >= days)]
            products = rng.sample(stocked, rng.choice((1, 1, 2, 3)))
            lines = [(name, rng.choice((1, 1, 1, 2))) for name in products]
            status = rng.choices(list(odds), list(odds.values()))[0]
            orders.append(DemoOrder(age, rng.choice(emails), lines, status))
    return orders


async def seed_orders(
    session: AsyncSession, echo: Echo, *, admin: User, product_ids: dict[str, int]
) -> int:
    """Place the demo orders through the orders service, move each to its status, and date it.

    Runs once: a shop that already has orders is left as it is.
    """
    if await orders_service.recent_orders(session, 1):
        echo("Demo orders already exist.")
        return 0
    customers = {
        email: await users_service.find_by_login(session, email) for email, _ in DEMO_CUSTOMERS
    }
    plan = demo_orders()
    now = utcnow()
    created = 0
    for index, planned in enumerate(plan, start=1):
        customer = customers.get(planned.customer_email)
        items = [
            OrderLine(product_id=product_ids[name], quantity=quantity)
            for name, quantity in planned.lines
            if name in product_ids
        ]
        if customer is not None and items:
            with suppress(InsufficientStock, ProductsUnavailable):
                order = await orders_service.place_order(
                    session, OrderCreate(items=items), customer=customer
                )
                for status in _LIFECYCLE[planned.status]:
                    await orders_service.change_status(session, order.id, status, actor=admin)
                await _backdate_order(session, order.id, now - timedelta(days=planned.days_ago))
                created += 1
        if index % 25 == 0 or index == len(plan):
            echo(f"  orders {index}/{len(plan)}")
    echo(f"Created {created} demo orders.")
    return created


async def _backdate_order(session: AsyncSession, order_id: int, placed_at: datetime) -> None:
    """Move a just-placed demo order, its status changes and stock movements into the past.

    Demo history only: real orders are dated by the clock when they happen.
    """
    await revenue.redate_order(session, order_id, placed_at)
    await session.execute(
        update(Order).where(Order.id == order_id).values(updated_at=placed_at + timedelta(hours=4))
    )
    await session.execute(
        update(StockMovement).where(StockMovement.order_id == order_id).values(created_at=placed_at)
    )
    changes = await session.scalars(
        select(OrderStatusChange.id)
        .where(OrderStatusChange.order_id == order_id)
        .order_by(OrderStatusChange.id)
    )
    for step, change_id in enumerate(changes.all()):
        await session.execute(
            update(OrderStatusChange)
            .where(OrderStatusChange.id == change_id)
            .values(created_at=placed_at + timedelta(hours=step))
        )
    await session.commit()


async def seed_activity(session: AsyncSession, echo: Echo, *, product_ids: dict[str, int]) -> int:
    """Thirty days of browsing: product views, catalog views and logins, as the events the shop
    would have recorded, dated into the past. The relay (in `webshop serve`) feeds them to
    analytics like any other event. Runs once."""
    already = await session.scalar(
        select(OutboxEvent.id).where(OutboxEvent.event_type == EventType.PRODUCT_VIEWED).limit(1)
    )
    if already is not None:
        echo("Demo browsing activity already exists.")
        return 0
    rng = random.Random(11)  # noqa: S311 - demo content, not security  # nosec B311
    customers = [
        user
        for email, _ in DEMO_CUSTOMERS
        if (user := await users_service.find_by_login(session, email)) is not None
    ]
    popularity = {pid: rng.choice((1, 1, 2, 3, 5)) for pid in product_ids.values()}
    now = utcnow()
    created = 0
    for day in range(ACTIVITY_DAYS, 0, -1):
        for product_id, weight in popularity.items():
            for _ in range(rng.randint(0, weight)):
                viewer = rng.choice(customers) if customers and rng.random() < 0.4 else None
                await _past_event(
                    session,
                    EventType.PRODUCT_VIEWED,
                    {"product_id": product_id},
                    at=now - timedelta(days=day - rng.random()),
                    user_id=viewer.id if viewer else None,
                    key=product_id,
                )
                created += 1
        for customer in customers:
            if rng.random() < 0.3:
                at = now - timedelta(days=day - rng.random())
                await _past_event(
                    session,
                    EventType.USER_LOGIN,
                    {"user_id": customer.id},
                    at=at,
                    user_id=customer.id,
                    key=customer.id,
                )
                await _past_event(
                    session,
                    EventType.PRODUCT_LIST_VIEWED,
                    {"category": None},
                    at=at,
                    user_id=customer.id,
                )
                created += 2
        await session.commit()
        if day % 10 == 0 or day == 1:
            echo(f"  activity {ACTIVITY_DAYS - day + 1}/{ACTIVITY_DAYS} days")
    echo(f"Recorded {created} demo browsing events; `webshop serve` delivers them to analytics.")
    return created


async def _past_event(
    session: AsyncSession,
    event_type: EventType,
    data: dict[str, Any],
    *,
    at: datetime,
    user_id: int | None,
    key: int | None = None,
) -> None:
    event = await publish(session, event_type, data, user_id=user_id, key=key)
    event.timestamp = at  # demo history only: real events are dated when they happen


async def seed_demo_data(session: AsyncSession, settings: Settings, echo: Echo = print) -> None:
    echo("Seeding demo data...")
    admin = await first_admin(session)
    await seed_customers(session, echo, settings=settings)
    product_ids = await seed_products(session, echo, admin=admin, media_dir=settings.media_dir)
    await seed_reviews(session, echo, product_ids=product_ids)
    await seed_orders(session, echo, admin=admin, product_ids=product_ids)
    await seed_activity(session, echo, product_ids=product_ids)
    echo("Demo data is ready.")


async def _find_product(session: AsyncSession, name: str) -> tuple[int, bool] | None:
    """The id of the (first) product with this exact name, and whether it has a picture."""
    row = (
        await session.execute(
            select(Product.id, Product.image_url)
            .where(Product.name == name)
            .order_by(Product.id)
            .limit(1)
        )
    ).first()
    return None if row is None else (row.id, row.image_url is not None)
