"""A small shop built the way the shop builds itself: products created with their stock by the
catalog, orders placed, paid, shipped, delivered and cancelled through the orders service and
dated around midnights and quarter hours, page views and activity counted from events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from tests.factories import create_order, create_user
from webshop.analytics import counting
from webshop.catalog import service as catalog_service
from webshop.catalog.schemas import ProductCreate
from webshop.events.envelope import EventEnvelope
from webshop.integrity import service
from webshop.integrity.schemas import CheckResult
from webshop.orders import service as orders_service
from webshop.orders.models import OrderStatus
from webshop.orders.schemas import OrderCreate, OrderLine
from webshop.users.models import User

# A Sunday just before midnight and the Monday after: different days and weeks. The others
# just before and on a quarter hour.
SUNDAY_NIGHT = datetime(2026, 11, 29, 23, 59, 59, 999_999, tzinfo=UTC)
MONDAY = datetime(2026, 11, 30, tzinfo=UTC)
QUARTER_EVE = datetime(2026, 11, 30, 10, 14, 59, 999_999, tzinfo=UTC)
QUARTER = datetime(2026, 11, 30, 10, 15, tzinfo=UTC)
IDEMPOTENCY_KEY = "checkout-7"


@dataclass
class Shop:
    admin: User
    customer: User
    mug: int
    book: int
    lamp: int
    orders: dict[OrderStatus, int]
    paid_then_cancelled: int
    with_key: int
    visitor: str


async def build_shop(session: AsyncSession, admin: User) -> Shop:
    customer = await create_user(session)
    mug, book, lamp = [
        await catalog_service.create_product(
            session,
            ProductCreate(name=name, price=Decimal(price), stock=stock, category=category),
            actor=admin,
        )
        for name, price, stock, category in (
            ("Mug", "8.05", 50, "kitchen"),
            ("Book", "12.50", 30, "books"),
            ("Lamp", "39.99", 1, None),
        )
    ]
    # Pending, paid (on Sunday night: its day and week end a moment later), shipped,
    # delivered, cancelled.
    when = [QUARTER, SUNDAY_NIGHT, MONDAY, QUARTER_EVE, None]
    orders = {}
    for status, placed_at in zip(OrderStatus, when, strict=True):
        order = await create_order(
            session,
            customer,
            (mug, 2),
            (book, 1),
            status=status,
            placed_at=placed_at,
            actor=admin,
        )
        orders[status] = order.id
    # The last lamp: sold, then put back by the cancellation of the paid order.
    paid_then_cancelled = await create_order(
        session,
        customer,
        (lamp, 1),
        (mug, 3),
        status=OrderStatus.PAID,
        placed_at=MONDAY,
        actor=admin,
    )
    await orders_service.change_status(
        session, paid_then_cancelled.id, OrderStatus.CANCELLED, actor=admin
    )
    with_key = await orders_service.place_order(
        session,
        OrderCreate(items=[OrderLine(product_id=book.id, quantity=1)]),
        customer=customer,
        idempotency_key=IDEMPOTENCY_KEY,
    )
    visitor = "u_" + "a" * 24
    await counting.record_events(
        session,
        [
            EventEnvelope(
                event_id=str(uuid.uuid4()),
                event_type="product_viewed",
                timestamp=moment,
                user_id=visitor,
                data={"product_id": product_id},
            )
            for moment, product_id in (
                (SUNDAY_NIGHT, mug.id),
                (MONDAY, mug.id),
                (QUARTER, book.id),
            )
        ],
        zone=ZoneInfo("UTC"),
    )
    await session.commit()
    return Shop(
        admin=admin,
        customer=customer,
        mug=mug.id,
        book=book.id,
        lamp=lamp.id,
        orders=orders,
        paid_then_cancelled=paid_then_cancelled.id,
        with_key=with_key.id,
        visitor=visitor,
    )


@pytest.fixture
async def shop(session: AsyncSession, admin: User) -> Shop:
    return await build_shop(session, admin)


async def failed_checks(session: AsyncSession, **options: timedelta) -> dict[str, CheckResult]:
    """The checks with a finding, by name."""
    report = await service.run_checks(
        session, stuck_after=options.get("stuck_after", timedelta(minutes=15))
    )
    return {result.name: result for result in report.checks if not result.ok}


async def execute(session: AsyncSession, statement: str, **parameters: object) -> None:
    await session.execute(text(statement), parameters)
