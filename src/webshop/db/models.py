"""Every domain's tables on one metadata, for Alembic."""

from webshop.auth.models import RefreshToken
from webshop.catalog.models import Product, StockMovement
from webshop.db.base import Base
from webshop.events.models import OutboxEvent
from webshop.orders.models import Order, OrderItem, OrderStatusChange
from webshop.reviews.models import Review
from webshop.users.models import User

__all__ = [
    "Base",
    "Order",
    "OrderItem",
    "OrderStatusChange",
    "OutboxEvent",
    "Product",
    "RefreshToken",
    "Review",
    "StockMovement",
    "User",
]
