"""Customer management: read-only aggregates over users and their orders (admin).

Like analytics, this domain reads other domains' tables directly, for aggregates only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.models import Product
from webshop.core.money import quantize
from webshop.customers.schemas import (
    CategoryShare,
    CustomerDetail,
    CustomerRead,
    CustomerSort,
    CustomerSummary,
    SortOrder,
)
from webshop.orders import service as orders_service
from webshop.orders.models import Order, OrderItem, OrderStatus
from webshop.orders.schemas import OrderFilters
from webshop.users.errors import UserNotFound
from webshop.users.models import User, UserRole

RECENT_ORDERS = 5
FAVOURITE_CATEGORIES = 3


def _order_totals() -> Any:
    """Per customer: orders placed, money spent, last order — one GROUP BY."""
    paid = Order.status.in_(orders_service.PAID_STATUSES)
    return (
        select(
            Order.user_id,
            func.count(Order.id).label("order_count"),
            func.coalesce(func.sum(case((paid, Order.total_amount), else_=0)), 0).label(
                "total_spent"
            ),
            func.max(Order.created_at).label("last_order_at"),
        )
        .group_by(Order.user_id)
        .subquery("order_totals")
    )


async def list_customers(
    session: AsyncSession,
    *,
    search: str | None,
    sort: CustomerSort,
    order: SortOrder,
    skip: int,
    limit: int,
) -> tuple[list[CustomerRead], int]:
    totals = _order_totals()
    statement = (
        select(User, totals.c.order_count, totals.c.total_spent, totals.c.last_order_at)
        .outerjoin(totals, totals.c.user_id == User.id)
        .where(User.role == UserRole.CUSTOMER)
    )
    if search:
        term = search.lower()
        statement = statement.where(
            User.email.contains(term, autoescape=True)
            | func.lower(User.username).contains(term, autoescape=True)
        )
    total = await session.scalar(select(func.count()).select_from(statement.subquery()))
    key = {
        CustomerSort.JOINED: User.created_at,
        CustomerSort.ORDERS: func.coalesce(totals.c.order_count, 0),
        CustomerSort.SPENT: func.coalesce(totals.c.total_spent, 0),
    }[sort]
    direction = key.desc() if order is SortOrder.DESC else key.asc()
    tiebreak = User.id.desc() if order is SortOrder.DESC else User.id.asc()
    rows = await session.execute(statement.order_by(direction, tiebreak).offset(skip).limit(limit))
    return [_customer(*row) for row in rows], int(total or 0)


async def get_customer(session: AsyncSession, user_id: int) -> CustomerDetail:
    totals = _order_totals()
    row = (
        await session.execute(
            select(User, totals.c.order_count, totals.c.total_spent, totals.c.last_order_at)
            .outerjoin(totals, totals.c.user_id == User.id)
            .where(User.id == user_id, User.role == UserRole.CUSTOMER)
        )
    ).one_or_none()
    if row is None:
        raise UserNotFound("Customer not found")
    recent, _ = await orders_service.list_orders(
        session, OrderFilters(user_id=user_id), skip=0, limit=RECENT_ORDERS
    )
    return CustomerDetail(**_customer(*row).model_dump(), recent_orders=recent)


async def customer_summary(session: AsyncSession, user_id: int) -> CustomerSummary:
    customer = await session.scalar(
        select(User.id).where(User.id == user_id, User.role == UserRole.CUSTOMER)
    )
    if customer is None:
        raise UserNotFound("Customer not found")
    paid = Order.status.in_(orders_service.PAID_STATUSES)
    row = (
        await session.execute(
            select(
                func.count(Order.id),
                func.coalesce(func.sum(case((paid, 1), else_=0)), 0),
                func.coalesce(func.sum(case((paid, Order.total_amount), else_=0)), 0),
                func.min(Order.created_at),
                func.max(Order.created_at),
            ).where(Order.user_id == user_id)
        )
    ).one()
    order_count, paid_count, lifetime, first_at, last_at = row
    lifetime_value = quantize(Decimal(lifetime))
    categories = await session.execute(
        select(Product.category, func.sum(OrderItem.quantity).label("units"))
        .join(OrderItem, OrderItem.product_id == Product.id)
        .join(Order, Order.id == OrderItem.order_id)
        .where(
            Order.user_id == user_id,
            Order.status != OrderStatus.CANCELLED,
            Product.category.is_not(None),
        )
        .group_by(Product.category)
        .order_by(func.sum(OrderItem.quantity).desc(), Product.category)
        .limit(FAVOURITE_CATEGORIES)
    )
    return CustomerSummary(
        user_id=user_id,
        order_count=order_count,
        paid_order_count=int(paid_count),
        lifetime_value=lifetime_value,
        average_order_value=quantize(lifetime_value / paid_count)
        if paid_count
        else Decimal("0.00"),
        first_order_at=first_at,
        last_order_at=last_at,
        favourite_categories=[
            CategoryShare(category=category, units=int(units)) for category, units in categories
        ],
    )


def _customer(
    user: User, order_count: int | None, total_spent: Any, last_order_at: Any
) -> CustomerRead:
    return CustomerRead(
        id=user.id,
        email=user.email,
        username=user.username,
        is_active=user.is_active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        order_count=order_count or 0,
        total_spent=quantize(Decimal(total_spent or 0)),
        last_order_at=last_order_at,
    )
