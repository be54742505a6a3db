"""Every domain's tables on one metadata, for Alembic (which compares it with the database)."""

from webshop.analytics.models import ActiveUserDaily, DailyCount, ProductViewsDaily
from webshop.audit.models import AuditRecord
from webshop.auth.models import LoginSession, RefreshToken
from webshop.catalog.models import Product, StockMovement
from webshop.db.base import Base
from webshop.db.ratelimit import RateLimitCounter
from webshop.events.models import OutboxEvent, ProcessedEvent, RelayLease
from webshop.orders.models import Order, OrderItem, OrderStatusChange, ProductSales
from webshop.reviews.models import Review
from webshop.users.models import User

__all__ = [
    "ActiveUserDaily",
    "AuditRecord",
    "Base",
    "DailyCount",
    "LoginSession",
    "Order",
    "OrderItem",
    "OrderStatusChange",
    "OutboxEvent",
    "ProcessedEvent",
    "Product",
    "ProductSales",
    "ProductViewsDaily",
    "RateLimitCounter",
    "RefreshToken",
    "RelayLease",
    "Review",
    "StockMovement",
    "User",
]
