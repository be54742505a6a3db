from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from webshop.core.clock import utcnow
from webshop.db.base import Base, BigIntPK, UTCDateTime


class OutboxEvent(Base):
    """An event written in the same transaction as the change it describes.

    The relay delivers rows in `id` order and sets `sent_at`; until then the event is safe
    in the database, whatever happens to the broker.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        # The relay's question, "what is still to send, oldest first", answered from an index
        # that holds only the backlog.
        Index(
            "ix_outbox_unsent",
            "id",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    event_type: Mapped[str] = mapped_column(String(64), index=True)
    key: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(default=None)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    """How many times the relay has tried to deliver it (a replay sends it again)."""
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    """Why the latest attempt failed; cleared once the event is delivered."""


class RelayLease(Base):
    """Who may relay the outbox right now. One row per relay name; a holder renews it while it
    works, and another process takes over once it has expired."""

    __tablename__ = "relay_leases"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str | None] = mapped_column(String(128), default=None)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProcessedEvent(Base):
    """An event a consumer has applied, so a redelivered copy is recognised and skipped."""

    __tablename__ = "processed_events"

    consumer: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
