"""Events: none waits in the outbox for longer than the relay should ever take."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select

from webshop.db.base import table_of
from webshop.events.models import OutboxEvent
from webshop.integrity.check import Check, Scope

OUTBOX = table_of(OutboxEvent).c


def _stuck_events(scope: Scope) -> Select[Any]:
    return select(
        OUTBOX.id,
        OUTBOX.event_id,
        OUTBOX.event_type,
        OUTBOX.key,
        OUTBOX.timestamp.label("waiting_since"),
    ).where(OUTBOX.sent_at.is_(None), OUTBOX.timestamp < scope.stuck_before)


OUTBOX_NOT_STUCK = Check(
    name="outbox_not_stuck",
    description="No event has waited in the outbox for delivery longer than the threshold.",
    problem="Events are waiting in the outbox beyond the threshold",
    subject=("event", "events"),
    key=("id",),
    statement=_stuck_events,
)
