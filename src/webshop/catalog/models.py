from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webshop.core.clock import utcnow
from webshop.db.base import Base, BigIntPK, TimestampMixin, UTCDateTime, str_enum

if TYPE_CHECKING:
    from webshop.reviews.models import Review


SKU_INDEX = "uq_products_sku_lower"


class Product(TimestampMixin, Base):
    __tablename__ = "products"
    __table_args__ = (
        CheckConstraint("stock >= 0", name="stock_not_negative"),
        CheckConstraint("price > 0", name="price_positive"),
        # A category page sorted or filtered by price is the most common browse.
        # Each ends in the id, the sorts' tie-break: a page's ids come from the index alone.
        Index("ix_products_active_category_price", "is_active", "category", "price", "id"),
        Index("ix_products_active_created", "is_active", "created_at", "id"),
        Index("ix_products_active_price", "is_active", "price", "id"),
        Index("ix_products_active_name", "is_active", func.lower(text("name"))),
        # SKUs are unique whatever their case, and looked up by this index.
        Index(SKU_INDEX, func.lower(text("sku")), unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    sku: Mapped[str | None] = mapped_column(String(64), default=None)
    description: Mapped[str] = mapped_column(Text, default="")
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    stock: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str | None] = mapped_column(String(100), default=None)
    image_url: Mapped[str | None] = mapped_column(String(500), default=None)
    thumbnail_url: Mapped[str | None] = mapped_column(String(500), default=None)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    # Loaded only when asked for: lists and detail pages aggregate ratings in SQL instead.
    reviews: Mapped[list[Review]] = relationship(back_populates="product", lazy="raise")

    @property
    def review_count(self) -> int:
        return len(self.reviews)

    @property
    def average_rating(self) -> float | None:
        """Mean rating of the loaded reviews, rounded to two places; None without reviews."""
        if not self.reviews:
            return None
        return round(sum(review.rating for review in self.reviews) / len(self.reviews), 2)


class ProductCount(Base):
    """How many products are for sale per category ("" for none) and stock state, plus the
    `ProductCountChange`s not folded in yet. Triggers on `products` keep both in the
    transaction of every change (migration 0010_product_counts)."""

    __tablename__ = "product_counts"

    category: Mapped[str] = mapped_column(String(100), primary_key=True)
    in_stock: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    products: Mapped[int] = mapped_column(Integer)


class ProductCountChange(Base):
    """A product that joined (+1) or left (-1) a count (PostgreSQL: appended, never locked)."""

    __tablename__ = "product_count_changes"
    # A page's count reads its own category's rows, not the dead ones a big fold leaves behind.
    __table_args__ = (Index("ix_product_count_changes_category_in_stock", "category", "in_stock"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    category: Mapped[str] = mapped_column(String(100))
    in_stock: Mapped[bool] = mapped_column(Boolean)
    delta: Mapped[int] = mapped_column(Integer)


class StockReason(StrEnum):
    INITIAL = "initial"
    RESTOCK = "restock"
    SALE = "sale"
    CANCEL = "cancel"
    ADJUSTMENT = "adjustment"
    IMPORT = "import"


class StockMovement(Base):
    """One change of a product's stock: how much, why, by whom, and what it left."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        CheckConstraint("stock_after >= 0", name="stock_after_not_negative"),
        Index("ix_stock_movements_product_created", "product_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    delta: Mapped[int] = mapped_column(Integer)
    stock_after: Mapped[int] = mapped_column(Integer)
    reason: Mapped[StockReason] = mapped_column(str_enum(StockReason, "stock_reason"))
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    note: Mapped[str | None] = mapped_column(String(500), default=None)
    # The order a sale or cancellation belongs to (no foreign key: the catalog does not
    # depend on orders; orders are never deleted).
    order_id: Mapped[int | None] = mapped_column(default=None, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
