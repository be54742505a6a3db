from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from webshop.core.money import Money
from webshop.orders.schemas import OrderRead
from webshop.users.models import UserRole


class Overview(BaseModel):
    total_revenue: Money = Field(description="Paid, shipped and delivered orders, all time")
    total_orders: int = Field(description="Orders placed, whatever became of them")
    paid_orders: int = Field(description="Orders counted as revenue")
    total_users: int
    total_customers: int
    total_products: int = Field(description="Products for sale")
    today_orders: int = Field(description="Orders placed today (shop time zone)")
    today_revenue: Money
    average_order_value: Money = Field(description="Revenue per paid order")


class RevenuePoint(BaseModel):
    date: date
    revenue: Money
    paid_orders: int


class OrdersPoint(BaseModel):
    date: date
    orders: int
    paid_orders: int
    cancelled_orders: int


class UsersPoint(BaseModel):
    date: date
    signups: int
    active_users: int


class UserAnalytics(BaseModel):
    days: int
    total_users: int
    by_role: dict[UserRole, int]
    series: list[UsersPoint]


class ProductSort(StrEnum):
    REVENUE = "revenue"
    UNITS = "units"
    ORDERS = "orders"
    VIEWS = "views"
    CONVERSION = "conversion"
    RATING = "rating"
    NAME = "name"


class ProductPerformance(BaseModel):
    product_id: int
    name: str
    category: str | None
    is_active: bool
    units_sold: int
    revenue: Money
    order_count: int
    views: int
    conversion: Decimal | None = Field(description="Orders per view; null without views")
    average_rating: float | None
    review_count: int


class TopSeller(BaseModel):
    product_id: int
    name: str
    units_sold: int
    revenue: Money


class Dashboard(BaseModel):
    overview: Overview
    revenue: list[RevenuePoint]
    orders: list[OrdersPoint]
    recent_orders: list[OrderRead]
    top_sellers: list[TopSeller]
    generated_at: datetime
