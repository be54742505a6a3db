"""Every domain's tables on one metadata, for Alembic."""

from webshop.auth.models import RefreshToken
from webshop.catalog.models import Product, StockMovement
from webshop.db.base import Base
from webshop.events.models import OutboxEvent
from webshop.reviews.models import Review
from webshop.users.models import User

__all__ = ["Base", "OutboxEvent", "Product", "RefreshToken", "Review", "StockMovement", "User"]
