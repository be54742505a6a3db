from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field


class EventType(StrEnum):
    """Every event the spec names (Event Streaming & Analytics: Event Types)."""

    PRODUCT_VIEWED = "product_viewed"
    PRODUCT_CREATED = "product_created"
    PRODUCT_UPDATED = "product_updated"
    PRODUCT_DELETED = "product_deleted"
    PRODUCT_LIST_VIEWED = "product_list_viewed"
    ORDER_CREATED = "order_created"
    ORDER_PAID = "order_paid"
    ORDER_SHIPPED = "order_shipped"
    ORDER_COMPLETED = "order_completed"
    ORDER_CANCELLED = "order_cancelled"
    USER_REGISTERED = "user_registered"
    USER_LOGIN = "user_login"
    ADMIN_DASHBOARD_ACCESS = "admin_dashboard_access"
    CART_UPDATED = "cart_updated"


class CartAction(StrEnum):
    ADD = "add"
    REMOVE = "remove"
    SET_QUANTITY = "set_quantity"
    CLEAR = "clear"


class CartUpdate(BaseModel):
    """What the web UI reports when a cart changes (the cart itself lives in the browser)."""

    model_config = ConfigDict(extra="forbid")

    action: CartAction
    product_id: Annotated[int, Field(ge=1)] | None = None
    quantity: Annotated[int, Field(ge=0, le=1000)] = 0
    cart_item_count: Annotated[int, Field(ge=0, le=50_000)] = Field(
        description="Units in the cart after the change"
    )


class EventAccepted(BaseModel):
    event_id: str
