from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, Field, PlainSerializer, field_validator

from webshop.core.inputs import Input
from webshop.core.money import Money
from webshop.orders.models import OrderStatus
from webshop.orders.schemas import OrderRead
from webshop.users.models import UserRole

MAX_DAYS = 365
MAX_RANGE_DAYS = 731
"""A range covers at most two years (date_to - date_from <= 730 days)."""
FIRST_YEAR, LAST_YEAR = 1900, 9998


class Compare(StrEnum):
    PREVIOUS = "previous"


class PeriodQuery(Input):
    """Which calendar days (in `SHOP_TIMEZONE`) a report covers: the last `days` days, or
    `date_from` to `date_to` inclusive. `date_to` alone ends the endpoint's default number of
    days there; `date_from` alone runs to today. `compare=previous` adds the figures of the
    equally long period just before and the change in percent."""

    days: int | None = Field(
        None, ge=1, le=MAX_DAYS, description="How many days, ending today (or on `date_to`)"
    )
    date_from: date | None = Field(None, description="First day of the range (inclusive)")
    date_to: date | None = Field(None, description="Last day of the range (inclusive)")
    compare: Compare | None = Field(
        None, description="`previous`: add the equally long period just before, and the change"
    )

    @field_validator("date_from", "date_to")
    @classmethod
    def _plausible_year(cls, value: date | None) -> date | None:
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"The year must be between {FIRST_YEAR} and {LAST_YEAR}")
        return value


Percent = Annotated[
    Decimal,
    PlainSerializer(str, return_type=str, when_used="json"),
]
"""A change in percent with one decimal ("12.5", "-100.0")."""

Change = dict[str, Percent | None]
"""The change of each figure against the previous period, in percent; null where the previous
figure was zero."""


class Period(BaseModel):
    date_from: date
    date_to: date
    days: int


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


class RevenueFigures(BaseModel):
    date: date
    revenue: Money
    paid_orders: int


class RevenuePoint(RevenueFigures):
    previous: RevenueFigures | None = Field(
        None, description="With `compare=previous`: the same day of the previous period"
    )
    change: Change | None = None


class OrdersFigures(BaseModel):
    date: date
    orders: int
    paid_orders: int
    cancelled_orders: int


class OrdersPoint(OrdersFigures):
    previous: OrdersFigures | None = None
    change: Change | None = None


class UsersFigures(BaseModel):
    date: date
    signups: int
    active_users: int
    total_users: int = Field(description="Accounts that existed at the end of the day")


class UsersPoint(UsersFigures):
    previous: UsersFigures | None = None
    change: Change | None = None


class UsersSummary(BaseModel):
    signups: int
    active_users: int = Field(description="Distinct users active on any day of the period")


class UserAnalytics(BaseModel):
    days: int
    period: Period
    previous_period: Period | None = None
    summary: UsersSummary
    previous: UsersSummary | None = None
    change: Change | None = None
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


class ProductFigures(BaseModel):
    units_sold: int
    revenue: Money
    order_count: int
    views: int
    conversion: Decimal | None = Field(description="Orders per view; null without views")


class ProductPerformance(ProductFigures):
    product_id: int
    name: str
    category: str | None
    is_active: bool
    average_rating: float | None = Field(description="All reviews, whenever written")
    review_count: int
    previous: ProductFigures | None = None
    change: Change | None = None


class TopSeller(BaseModel):
    product_id: int
    name: str
    units_sold: int
    revenue: Money


class Summary(BaseModel):
    """A period's figures: orders placed in it, and who signed up or was active."""

    revenue: Money
    orders: int
    paid_orders: int
    cancelled_orders: int
    average_order_value: Money = Field(description="Revenue per paid order")
    units_sold: int = Field(description="Units in paid, shipped and delivered orders")
    new_users: int
    active_users: int


class Dashboard(BaseModel):
    period: Period
    previous_period: Period | None = None
    summary: Summary
    previous: Summary | None = None
    change: Change | None = None
    orders_by_status: dict[OrderStatus, int] = Field(
        description="Orders placed in the period, by their status now"
    )
    overview: Overview
    revenue: list[RevenuePoint]
    orders: list[OrdersPoint]
    recent_orders: list[OrderRead]
    top_sellers: list[TopSeller] = Field(description="By revenue in the period")
    generated_at: datetime
