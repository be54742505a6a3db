"""Customer management: read-only aggregates over users and their orders (admin).

Like analytics, this domain reads other domains' tables directly, for aggregates only.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Row, Select, Subquery, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.catalog.models import Product
from webshop.core.money import quantize
from webshop.customers.schemas import (
    CategoryShare,
    CustomerDetail,
    CustomerRead,
    CustomerSort,
    CustomerSummary,
    RoleFilter,
    SortOrder,
)
from webshop.db.paging import Page, page_of_rows
from webshop.orders import revenue
from webshop.orders import service as orders_service
from webshop.orders.models import Order, OrderItem, OrderStatus
from webshop.users.errors import UserNotFound
from webshop.users.models import User, UserRole

RECENT_ORDERS = 5
FAVOURITE_CATEGORIES = 3


def _order_totals() -> Subquery:
    """Per customer: orders placed, money spent, last order — one GROUP BY."""
    return (
        select(
            Order.user_id,
            func.count(Order.id).label("order_count"),
            revenue.paid_revenue().label("total_spent"),
            func.max(Order.created_at).label("last_order_at"),
        )
        .group_by(Order.user_id)
        .subquery("order_totals")
    )


def _with_totals(customers: Select[User], totals: Subquery) -> Any:
    return customers.add_columns(
        totals.c.order_count, totals.c.total_spent, totals.c.last_order_at
    ).outerjoin(totals, totals.c.user_id == User.id)


async def list_customers(
    session: AsyncSession,
    *,
    search: str | None,
    role: RoleFilter = RoleFilter.CUSTOMER,
    sort: CustomerSort,
    order: SortOrder,
    skip: int,
    limit: int,
) -> Page[CustomerRead]:
    customers = select(User)
    if role is not RoleFilter.ALL:
        customers = customers.where(User.role == UserRole(role.value))
    if search:
        term = search.lower()
        customers = customers.where(
            User.email.contains(term, autoescape=True)
            | func.lower(User.username).contains(term, autoescape=True)
        )
    totals = _order_totals()
    key = {
        CustomerSort.JOINED: User.created_at,
        CustomerSort.ORDERS: func.coalesce(totals.c.order_count, 0),
        CustomerSort.SPENT: func.coalesce(totals.c.total_spent, 0),
    }[sort]
    descending = order is SortOrder.DESC
    order_by = [key.desc(), User.id.desc()] if descending else [key.asc(), User.id.asc()]
    page = await page_of_rows(
        session,
        _with_totals(customers, totals),
        order_by=order_by,
        skip=skip,
        limit=limit,
        counting=customers,
    )
    return Page([_customer(row) for row in page.items], page.total)


async def get_customer(session: AsyncSession, user_id: int) -> CustomerDetail:
    row = (
        await session.execute(
            _with_totals(
                select(User).where(User.id == user_id),
                _order_totals(),
            )
        )
    ).one_or_none()
    if row is None:
        raise UserNotFound("Customer not found")
    recent = await orders_service.customer_orders(session, user_id, skip=0, limit=RECENT_ORDERS)
    return CustomerDetail(**_customer(row).model_dump(), recent_orders=recent.items)


async def customer_summary(session: AsyncSession, user_id: int) -> CustomerSummary:
    # Any account: an administrator promoted from customer keeps their history.
    customer = await session.scalar(select(User.id).where(User.id == user_id))
    if customer is None:
        raise UserNotFound("Customer not found")
    row = (
        await session.execute(
            select(
                func.count(Order.id).label("orders"),
                revenue.paid_count().label("paid_orders"),
                revenue.paid_revenue().label("lifetime_value"),
                func.min(Order.created_at).label("first_order_at"),
                func.max(Order.created_at).label("last_order_at"),
            ).where(Order.user_id == user_id)
        )
    ).one()
    lifetime_value = quantize(Decimal(row.lifetime_value))
    paid_orders = int(row.paid_orders)
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
        order_count=row.orders,
        paid_order_count=paid_orders,
        lifetime_value=lifetime_value,
        average_order_value=quantize(lifetime_value / paid_orders)
        if paid_orders
        else Decimal("0.00"),
        first_order_at=row.first_order_at,
        last_order_at=row.last_order_at,
        favourite_categories=[
            CategoryShare(category=share.category, units=int(share.units)) for share in categories
        ],
    )


def _customer(row: Row[Any]) -> CustomerRead:
    """A row of `_with_totals` as the API shows it (no orders: zeros)."""
    user: User = row.User
    return CustomerRead(
        id=user.id,
        email=user.email,
        username=user.username,
        role=user.role,
        is_active=user.is_active,
        created_at=user.created_at,
        last_login_at=user.last_login_at,
        order_count=row.order_count or 0,
        total_spent=quantize(Decimal(row.total_spent or 0)),
        last_order_at=row.last_order_at,
    )
