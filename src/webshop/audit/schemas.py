from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from webshop.audit.models import AuditAction, AuditObject
from webshop.core.inputs import Id, Input, Moment


class AuditFilters(Input):
    """Which records an administrator looks at. A date-time without an offset, and a date, are
    in the shop's time zone (`SHOP_TIMEZONE`)."""

    actor_id: Id | None = Field(None, description="The administrator who acted")
    action: AuditAction | None = None
    object_type: AuditObject | None = None
    object_id: str | None = Field(None, max_length=64, description="The object's id")
    created_from: Moment | None = Field(
        None, description="Recorded at or after this date-time, or on or after this date"
    )
    created_to: Moment | None = Field(
        None, description="Recorded before this date-time, or on or before this date"
    )


class AuditRecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    created_at: datetime
    actor_id: int
    actor_email: str
    action: AuditAction
    object_type: AuditObject
    object_id: str | None
    before: dict[str, Any] | None = Field(description="The changed values before the action")
    after: dict[str, Any] | None = Field(description="The changed values after the action")
