from __future__ import annotations

from webshop.core.errors import InvalidInput, NotFound


class EventNotFound(NotFound):
    default_detail = "No event with that event_id is kept in the outbox"


class ReplayTooLarge(InvalidInput):
    code = "replay_too_large"
    default_detail = "That range holds too many events to replay at once: narrow it"
