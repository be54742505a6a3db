from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from webshop.core.money import Money
from webshop.orders.models import Order, OrderStatus

MAX_LINES = 50
MAX_QUANTITY = 1000

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class OrderLine(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_id: Annotated[int, Field(ge=1)]
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]


class OrderCreate(BaseModel):
    """What a customer orders. Prices are never sent: they come from the catalog."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[list[OrderLine], Field(min_length=1, max_length=MAX_LINES)]
    shipping_address: FreeText | None = None
    note: FreeText | None = None


class OrderItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    product_id: int
    product_name: str
    unit_price: Money
    quantity: int
    line_total: Money


class StatusChangeRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    from_status: OrderStatus | None
    to_status: OrderStatus
    actor_id: int | None
    created_at: datetime


class OrderRead(BaseModel):
    id: int
    user_id: int
    status: OrderStatus
    total_amount: Money
    item_count: int
    shipping_address: str | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    items: list[OrderItemRead]

    @classmethod
    def build(cls, order: Order) -> OrderRead:
        """From an order whose items are loaded."""
        items = [OrderItemRead.model_validate(item) for item in order.items]
        return cls(
            id=order.id,
            user_id=order.user_id,
            status=order.status,
            total_amount=order.total_amount,
            item_count=sum(item.quantity for item in items),
            shipping_address=order.shipping_address,
            note=order.note,
            created_at=order.created_at,
            updated_at=order.updated_at,
            items=items,
        )


class OrderDetail(OrderRead):
    history: list[StatusChangeRead]

    @classmethod
    def build_detail(cls, order: Order) -> OrderDetail:
        """From an order whose items and history are loaded."""
        return cls(
            **OrderRead.build(order).model_dump(),
            history=[StatusChangeRead.model_validate(change) for change in order.history],
        )


class OrderStatusUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: OrderStatus


class OrderFilters(BaseModel):
    status: OrderStatus | None = None
    user_id: Annotated[int, Field(ge=1)] | None = None
    created_from: datetime | None = Field(None, description="Orders placed at or after")
    created_to: datetime | None = Field(None, description="Orders placed before")


class OrderSummary(BaseModel):
    order_count: int
    total_spent: Money
    counts_by_status: dict[OrderStatus, int]
    last_order: OrderRead | None
