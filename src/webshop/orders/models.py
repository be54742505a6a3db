from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webshop.core.clock import utcnow
from webshop.db.base import Base, TimestampMixin, UTCDateTime, str_enum


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"


class Order(TimestampMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        # A retried request finds its order by the key the client sent with it.
        UniqueConstraint("user_id", "idempotency_key", name="uq_orders_user_idempotency_key"),
        CheckConstraint("total_amount >= 0", name="total_not_negative"),
        Index("ix_orders_user_created", "user_id", "created_at"),
        Index("ix_orders_status_created", "status", "created_at"),
        Index("ix_orders_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[OrderStatus] = mapped_column(
        str_enum(OrderStatus, "order_status"), default=OrderStatus.PENDING
    )
    total_amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    shipping_address: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), default=None)
    request_fingerprint: Mapped[str | None] = mapped_column(String(64), default=None)

    items: Mapped[list[OrderItem]] = relationship(
        back_populates="order", lazy="raise", order_by="OrderItem.product_id"
    )
    history: Mapped[list[OrderStatusChange]] = relationship(
        lazy="raise", order_by="OrderStatusChange.id"
    )


class OrderItem(Base):
    """One line of an order; name and unit price are copied so the order never changes."""

    __tablename__ = "order_items"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        Index("ix_order_items_product_order", "product_id", "order_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    product_name: Mapped[str] = mapped_column(String(200))
    unit_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    quantity: Mapped[int] = mapped_column(Integer)
    line_total: Mapped[Decimal] = mapped_column(Numeric(12, 2))

    order: Mapped[Order] = relationship(back_populates="items", lazy="raise")


class OrderStatusChange(Base):
    """Who moved an order from one status to another, and when."""

    __tablename__ = "order_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[OrderStatus | None] = mapped_column(
        str_enum(OrderStatus, "order_from_status")
    )
    to_status: Mapped[OrderStatus] = mapped_column(str_enum(OrderStatus, "order_to_status"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProductSales(Base):
    """All-time paid sales per product: a projection of the orders, changed in the same
    transaction as each payment or cancellation of a paid order, so it is always exact and
    sales rankings need not scan every order line."""

    __tablename__ = "product_sales"

    product_id: Mapped[int] = mapped_column(primary_key=True)
    units: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    orders: Mapped[int] = mapped_column(Integer, default=0)


class ProductSalesByPeriod(Base):
    """Paid sales per product of the orders placed in each UTC day and each week (Monday to
    Sunday, UTC), kept like `ProductSales`, so that a period's best sellers add up a few weeks
    and days instead of every order line of the period."""

    __tablename__ = "product_sales_by_period"

    span_days: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    """1 (a day) or 7 (a week)."""
    starts_on: Mapped[date] = mapped_column(Date, primary_key=True)
    product_id: Mapped[int] = mapped_column(primary_key=True)
    units: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    orders: Mapped[int] = mapped_column(Integer, default=0)


class OrderTotals(Base):
    """The orders placed in each UTC day and in each UTC quarter hour, counted by the status
    they have now, with the revenue and units of the paid ones: a projection of the orders,
    changed in the same transaction as every order placed and every status change.

    Quarter hours add up to the calendar days of any time zone (every offset in use since 1980
    is a multiple of 15 minutes); days serve all-time totals and time zones whose days are UTC
    days with 96 times fewer rows.
    """

    __tablename__ = "order_totals"

    span_minutes: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    """1440 (a UTC day) or 15 (a quarter hour)."""
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    shard: Mapped[int] = mapped_column(
        SmallInteger, primary_key=True, default=0, server_default="0"
    )
    """Which of a span's rows (`revenue.shard_of` the order id): concurrent checkouts add to
    different rows instead of queueing for one until each commits; reports sum them all."""
    pending: Mapped[int] = mapped_column(Integer, default=0)
    paid: Mapped[int] = mapped_column(Integer, default=0)
    shipped: Mapped[int] = mapped_column(Integer, default=0)
    delivered: Mapped[int] = mapped_column(Integer, default=0)
    cancelled: Mapped[int] = mapped_column(Integer, default=0)
    revenue: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0.00"))
    """The paid, shipped and delivered orders' totals."""
    units: Mapped[int] = mapped_column(Integer, default=0)
    """The units in the paid, shipped and delivered orders."""
