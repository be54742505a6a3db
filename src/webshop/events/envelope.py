"""What goes on the wire: the spec's event schema, plus `event_id` and a schema `version`.

Messages for the analytics topic (and the in-process analytics handlers) carry pseudonyms
instead of user ids and no names or emails, as the spec's Security Considerations ask: a keyed
hash, stable per user, that analytics can count without knowing who anyone is.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from webshop.core.inputs import MAX_ID
from webshop.events.models import OutboxEvent

SCHEMA_VERSION = 1
_USER_FIELDS = ("user_id", "actor_id")
_PERSONAL_FIELDS = ("username", "email")


class EventEnvelope(BaseModel):
    """Bounded as the tables that record events are: a message from the broker that would not
    fit is refused as unreadable, instead of failing (and stalling) the consumer's batch."""

    event_id: Annotated[str, StringConstraints(min_length=1, max_length=36)]
    event_type: Annotated[str, StringConstraints(max_length=64)]
    timestamp: datetime
    user_id: Annotated[int, Field(ge=1, le=MAX_ID)] | Annotated[str, Field(max_length=64)] | None
    data: dict[str, Any]
    version: int = SCHEMA_VERSION

    @classmethod
    def of(cls, event: OutboxEvent) -> EventEnvelope:
        return cls(
            event_id=event.event_id,
            event_type=event.event_type,
            timestamp=event.timestamp,
            user_id=event.user_id,
            data=event.data,
        )

    def pseudonymised(self, secret: str) -> EventEnvelope:
        """The same event with user ids replaced by pseudonyms and personal fields removed."""
        data = {
            key: pseudonym(value, secret) if key in _USER_FIELDS and value is not None else value
            for key, value in self.data.items()
            if key not in _PERSONAL_FIELDS
        }
        user_id = None if self.user_id is None else pseudonym(self.user_id, secret)
        return self.model_copy(update={"user_id": user_id, "data": data})


def pseudonym(user_id: int | str, secret: str) -> str:
    """A stable, keyed, one-way name for a user: `u_` and 24 hex digits."""
    if isinstance(user_id, str) and user_id.startswith("u_"):
        return user_id
    digest = hmac.new(_pseudonym_key(secret), str(user_id).encode(), hashlib.sha256)
    return "u_" + digest.hexdigest()[:24]


@lru_cache
def _pseudonym_key(secret: str) -> bytes:
    # Derived, so the signing key itself never meets analytics data.
    return hmac.new(secret.encode(), b"webshop analytics pseudonyms", hashlib.sha256).digest()
