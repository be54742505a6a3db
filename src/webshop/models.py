"""Every domain's tables on one metadata, for Alembic (which compares it with the database)."""

from webshop.analytics.models import ActiveUserDaily, DailyCount, ProductViewsDaily
from webshop.auth.models import RefreshToken
from webshop.catalog.models import Product, StockMovement
from webshop.db.base import Base
from webshop.events.models import OutboxEvent, ProcessedEvent, RelayLease
from webshop.orders.models import Order, OrderItem, OrderStatusChange, ProductSales
from webshop.reviews.models import Review
from webshop.users.models import User

__all__ = [
    "ActiveUserDaily",
    "Base",
    "DailyCount",
    "Order",
    "OrderItem",
    "OrderStatusChange",
    "OutboxEvent",
    "ProcessedEvent",
    "Product",
    "ProductSales",
    "ProductViewsDaily",
    "RefreshToken",
    "RelayLease",
    "Review",
    "StockMovement",
    "User",
]
