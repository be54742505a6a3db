from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from webshop.core.clock import utcnow
from webshop.db.base import Base, BigIntPK, UTCDateTime


class AuditAction(StrEnum):
    PRODUCT_CREATED = "product.created"
    PRODUCT_UPDATED = "product.updated"
    PRODUCT_DELETED = "product.deleted"
    PRODUCT_RESTORED = "product.restored"
    PRODUCT_STOCK_CHANGED = "product.stock_changed"
    PRODUCT_IMAGE_CHANGED = "product.image_changed"
    PRODUCTS_BULK_UPDATED = "products.bulk_updated"
    PRODUCTS_IMPORTED = "products.imported"
    ORDER_STATUS_CHANGED = "order.status_changed"
    USER_UPDATED = "user.updated"
    REVIEW_DELETED = "review.deleted"
    EVENTS_REPLAYED = "events.replayed"


class AuditObject(StrEnum):
    PRODUCT = "product"
    ORDER = "order"
    USER = "user"
    REVIEW = "review"
    IMPORT = "import"
    EVENTS = "events"


class AuditRecord(Base):
    """One administrator action: who, when, what, and the values before and after.

    Written in the transaction of the change it records; the database refuses to update or
    delete a record (triggers, migration 0013_audit_trail), so the trail is append-only.
    """

    __tablename__ = "audit_records"
    __table_args__ = (
        Index("ix_audit_records_created", "created_at", "id"),
        Index("ix_audit_records_actor_created", "actor_id", "created_at"),
        Index("ix_audit_records_object_created", "object_type", "object_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A copy, not a foreign key: the record outlives any change to the account.
    actor_id: Mapped[int]
    actor_email: Mapped[str] = mapped_column(String(320))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
