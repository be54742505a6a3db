from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from webshop.core.inputs import Input, Moment
from webshop.events.schemas import EventType


class Delivery(StrEnum):
    PENDING = "pending"
    """Not sent yet, not tried yet (or queued again by a replay)."""
    FAILING = "failing"
    """Not sent yet, and the latest attempt failed."""
    SENT = "sent"


class OutboxFilters(Input):
    """Which events of the outbox an administrator looks at. A date-time without an offset,
    and a date, are in the shop's time zone (`SHOP_TIMEZONE`)."""

    event_type: EventType | None = None
    key: str | None = Field(None, max_length=64, description="The product, order or user id")
    delivery: Delivery | None = None
    created_from: Moment | None = Field(
        None, description="Created at or after this date-time, or on or after this date"
    )
    created_to: Moment | None = Field(
        None, description="Created before this date-time, or on or before this date"
    )


class OutboxEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    event_id: str
    event_type: EventType
    key: str | None
    user_id: int | None
    data: dict[str, Any]
    created_at: datetime = Field(validation_alias="timestamp")
    sent_at: datetime | None
    attempts: int
    last_error: str | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def delivery(self) -> Delivery:
        if self.sent_at is not None:
            return Delivery.SENT
        return Delivery.PENDING if self.last_error is None else Delivery.FAILING


class RelayState(BaseModel):
    enabled: bool = Field(description="Whether this server runs a relay (`RELAY_ENABLED`)")
    transport: Literal["kafka", "in-process"] = Field(
        description="Kafka, or in-process: the relay applies events to the analytics tables"
    )
    lease_holder: str | None = Field(description="The relay delivering now (host:pid:id)")
    lease_expires_at: datetime | None
    backlog: int = Field(description="Events not sent yet")
    failing: int = Field(description="Events not sent yet whose latest attempt failed")
    oldest_unsent_at: datetime | None
    last_sent_at: datetime | None
    retention_hours: int = Field(description="How long sent events are kept (and replayable)")


class ReplayRequest(Input):
    """One event by its `event_id`, or every sent event created in a time range (optionally of
    one type). Dates and date-times without an offset are in the shop's time zone."""

    event_id: str | None = Field(None, max_length=36)
    created_from: Moment | None = None
    created_to: Moment | None = None
    event_type: EventType | None = None

    @model_validator(mode="after")
    def one_event_or_a_range(self) -> ReplayRequest:
        ranged = (self.created_from, self.created_to, self.event_type) != (None, None, None)
        if self.event_id is not None and ranged:
            raise ValueError("Send an event_id or a time range, not both")
        if self.event_id is None and (self.created_from is None or self.created_to is None):
            raise ValueError("Send an event_id, or both created_from and created_to")
        return self


class ReplayResult(BaseModel):
    replayed: int = Field(description="Events queued to be delivered again")
    replayable_from: datetime = Field(
        description="Only events created since then are replayed: consumers may have "
        "forgotten older ones (`OUTBOX_RETENTION_HOURS` less an hour)"
    )
