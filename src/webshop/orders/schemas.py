from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from webshop.core.inputs import Id, Input, Moment
from webshop.core.money import Money
from webshop.orders.models import Order, OrderStatus
from webshop.users.models import User

MAX_LINES = 50
MAX_QUANTITY = 1000

FreeText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]


class OrderLine(Input):
    model_config = ConfigDict(extra="forbid")

    product_id: Id
    quantity: Annotated[int, Field(ge=1, le=MAX_QUANTITY)]


class OrderCreate(Input):
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


class OrderCustomer(BaseModel):
    """Who placed an order, as an administrator's lists and detail name them."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    email: str


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
    def build(cls, order: Any, items: list[OrderItemRead] | None = None) -> OrderRead:
        """From an order whose items are loaded, or a row of an order's columns and its
        `items`."""
        if items is None:
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


class AdminOrderRead(OrderRead):
    """An order in an administrator's list: with who placed it."""

    customer: OrderCustomer | None = Field(description="Who placed the order")

    @classmethod
    def build_admin(cls, order: Order, customer: User | None) -> AdminOrderRead:
        """From an order whose items are loaded, and its customer."""
        return cls(
            **OrderRead.build(order).model_dump(),
            customer=None if customer is None else OrderCustomer.model_validate(customer),
        )


class OrderDetail(OrderRead):
    history: list[StatusChangeRead]
    customer: OrderCustomer | None = Field(description="Who placed the order")
    next_statuses: list[OrderStatus] = Field(
        description="Where the lifecycle lets the order go from its status (changing it is for "
        "administrators; its customer may only cancel it while it is pending)"
    )

    @classmethod
    def build_detail(
        cls, order: Order, customer: User | None, next_statuses: list[OrderStatus]
    ) -> OrderDetail:
        """From an order whose items and history are loaded, its customer and where it may go."""
        return cls(
            **OrderRead.build(order).model_dump(),
            history=[StatusChangeRead.model_validate(change) for change in order.history],
            customer=None if customer is None else OrderCustomer.model_validate(customer),
            next_statuses=next_statuses,
        )


class OrderStatusUpdate(Input):
    model_config = ConfigDict(extra="forbid")

    status: OrderStatus


class OrderFilters(Input):
    """Which orders an administrator looks at. A date-time without an offset, and a date, are
    in the shop's time zone (`SHOP_TIMEZONE`)."""

    status: OrderStatus | None = None
    user_id: Id | None = None
    created_from: Moment | None = Field(
        None, description="Placed at or after this date-time, or on or after this date"
    )
    created_to: Moment | None = Field(
        None, description="Placed before this date-time, or on or before this date"
    )


class OrderSummary(BaseModel):
    order_count: int
    total_spent: Money
    counts_by_status: dict[OrderStatus, int]
    last_order: OrderRead | None
