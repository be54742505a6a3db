from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel

from webshop.core.money import Money
from webshop.orders.schemas import OrderRead
from webshop.users.models import UserRole


class CustomerSort(StrEnum):
    JOINED = "joined"
    ORDERS = "orders"
    SPENT = "spent"


class SortOrder(StrEnum):
    ASC = "asc"
    DESC = "desc"


class RoleFilter(StrEnum):
    """Whose accounts a list shows: customers (the default), administrators, or everyone."""

    CUSTOMER = "customer"
    ADMIN = "admin"
    ALL = "all"


class CustomerRead(BaseModel):
    id: int
    email: str
    username: str
    role: UserRole
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None
    order_count: int
    """Every order placed, whatever became of it."""
    total_spent: Money
    """Paid, shipped and delivered orders."""
    last_order_at: datetime | None


class CustomerDetail(CustomerRead):
    recent_orders: list[OrderRead]


class CategoryShare(BaseModel):
    category: str
    units: int


class CustomerSummary(BaseModel):
    user_id: int
    order_count: int
    paid_order_count: int
    lifetime_value: Money
    average_order_value: Money
    first_order_at: datetime | None
    last_order_at: datetime | None
    favourite_categories: list[CategoryShare]
