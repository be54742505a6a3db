from __future__ import annotations

from enum import StrEnum


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
