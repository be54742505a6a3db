from typing import Literal

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: Literal["ok", "degraded", "unavailable"]
    version: str
    database: Literal["ok", "unreachable"]
    kafka: Literal["disabled", "ok", "unreachable"]
    outbox_backlog: int | None = Field(None, description="Events not yet delivered")
    oldest_unsent_seconds: float | None = Field(
        None, description="Age of the oldest undelivered event"
    )
    detail: str | None = None
