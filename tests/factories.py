"""Test data with a sensible default for every field.

Users and products are rows that flush and never commit. Orders go through the orders service,
as a customer and an administrator would place and move them, so they come with their stock
movements, status history, events and sales figures; inside a test's transaction the service's
commits are savepoints.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from webshop.auth.models import LoginSession
from webshop.catalog.models import Product
from webshop.core import security
from webshop.core.clock import utcnow
from webshop.core.config import get_settings
from webshop.orders import revenue
from webshop.orders import service as orders_service
from webshop.orders.models import OrderStatus
from webshop.orders.schemas import OrderCreate, OrderLine, OrderRead
from webshop.users.models import User, UserRole

DEFAULT_PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


async def create_user(
    session: AsyncSession,
    *,
    username: str | None = None,
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    role: UserRole = UserRole.CUSTOMER,
    is_active: bool = True,
) -> User:
    number = next(_sequence)
    user = User(
        username=username or f"user{number}",
        email=(email or f"user{number}@example.com").lower(),
        password_hash=security.hash_password(password, get_settings().BCRYPT_ROUNDS),
        role=role,
        is_active=is_active,
    )
    session.add(user)
    await session.flush()
    session.add(
        LoginSession(
            id=factory_session_id(user),
            user_id=user.id,
            user_version=user.session_version,
            expires_at=utcnow() + timedelta(days=1),
        )
    )
    await session.flush()
    return user


def factory_session_id(user: User) -> str:
    """The login session every factory-made user starts with, as if they had logged in."""
    return f"00000000-0000-4000-8000-{user.id:012d}"


def access_token_for(user: User, lifetime: timedelta = timedelta(minutes=5)) -> str:
    token, _ = security.create_token(
        user_id=user.id,
        token_type=security.TokenType.ACCESS,
        secret=get_settings().secret_key,
        lifetime=lifetime,
        session_id=factory_session_id(user),
    )
    return token


def auth_headers(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token_for(user)}"}


async def create_product(
    session: AsyncSession,
    *,
    name: str | None = None,
    description: str = "",
    price: Decimal | str = "9.99",
    stock: int = 10,
    category: str | None = "general",
    is_active: bool = True,
) -> Product:
    """A product as if it had always been there (no stock movement is recorded)."""
    product = Product(
        name=name or f"Product {next(_sequence)}",
        description=description,
        price=Decimal(price),
        stock=stock,
        category=category,
        is_active=is_active,
    )
    session.add(product)
    await session.flush()
    return product


# The status changes that take a new order to each status.
LIFECYCLE = {
    OrderStatus.PENDING: [],
    OrderStatus.PAID: [OrderStatus.PAID],
    OrderStatus.SHIPPED: [OrderStatus.PAID, OrderStatus.SHIPPED],
    OrderStatus.DELIVERED: [OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED],
    OrderStatus.CANCELLED: [OrderStatus.CANCELLED],
}


async def create_order(
    session: AsyncSession,
    customer: User,
    *lines: tuple[Product, int],
    status: OrderStatus = OrderStatus.PENDING,
    placed_at: datetime | None = None,
    actor: User | None = None,
) -> OrderRead:
    """`customer` orders `(product, quantity)` lines; the order is then moved to `status` (by
    `actor`, else the customer) and, with `placed_at`, dated as if placed then."""
    items = [OrderLine(product_id=product.id, quantity=quantity) for product, quantity in lines]
    order = await orders_service.place_order(session, OrderCreate(items=items), customer=customer)
    for step in LIFECYCLE[status]:
        await orders_service.change_status(session, order.id, step, actor=actor or customer)
    if placed_at is not None:
        await revenue.redate_order(session, order.id, placed_at)
    return order.model_copy(update={"status": status, "created_at": placed_at or order.created_at})


async def write_views(app: Any, session: AsyncSession) -> None:
    """Write the page views `app` holds to the outbox, as a served app does every second."""
    await app.state.event_buffer.flush(session)
