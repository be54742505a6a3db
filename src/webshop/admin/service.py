"""The event delivery log: the outbox as the relay sees it, and replays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from webshop.admin.errors import EventNotFound, ReplayTooLarge
from webshop.admin.schemas import (
    Delivery,
    OutboxEventRead,
    OutboxFilters,
    RelayState,
    ReplayRequest,
    ReplayResult,
)
from webshop.audit import service as audit
from webshop.audit.models import AuditAction, AuditObject
from webshop.audit.service import Actor
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.db.filters import between
from webshop.db.paging import Page, count, page_of
from webshop.events.models import OutboxEvent, RelayLease
from webshop.events.relay import LEASE

MAX_REPLAY = 100_000
# A consumer forgets an event's de-duplication marker OUTBOX_RETENTION_HOURS after applying
# it: only events well inside that window are replayed, so that every copy is recognised.
REPLAY_MARGIN = timedelta(hours=1)
UNSENT = OutboxEvent.sent_at.is_(None)


async def list_events(
    session: AsyncSession, filters: OutboxFilters, *, zone: ZoneInfo, skip: int, limit: int
) -> Page[OutboxEventRead]:
    """Events matching `filters`, newest first, and how many match in all."""
    conditions: list[Any] = []
    if filters.event_type is not None:
        conditions.append(OutboxEvent.event_type == filters.event_type.value)
    if filters.key is not None:
        conditions.append(OutboxEvent.key == filters.key)
    if filters.delivery is Delivery.SENT:
        conditions.append(OutboxEvent.sent_at.is_not(None))
    elif filters.delivery is Delivery.PENDING:
        conditions += [UNSENT, OutboxEvent.last_error.is_(None)]
    elif filters.delivery is Delivery.FAILING:
        conditions += [UNSENT, OutboxEvent.last_error.is_not(None)]
    conditions += between(OutboxEvent.timestamp, filters.created_from, filters.created_to, zone)
    page = await page_of(
        session,
        select(OutboxEvent).where(*conditions),
        order_by=[OutboxEvent.id.desc()],
        skip=skip,
        limit=limit,
    )
    return Page([OutboxEventRead.model_validate(event) for event in page.items], page.total)


async def relay_state(session: AsyncSession, settings: Settings) -> RelayState:
    lease = await session.get(RelayLease, LEASE)
    live = lease is not None and lease.holder is not None and lease.expires_at > utcnow()
    backlog, failing, oldest = (
        await session.execute(
            select(
                func.count(),
                func.count().filter(OutboxEvent.last_error.is_not(None)),
                func.min(OutboxEvent.timestamp),
            ).where(UNSENT)
        )
    ).one()
    return RelayState(
        enabled=settings.RELAY_ENABLED,
        transport="kafka" if settings.KAFKA_ENABLED else "in-process",
        lease_holder=lease.holder if live and lease else None,
        lease_expires_at=lease.expires_at if live and lease else None,
        backlog=backlog,
        failing=failing,
        oldest_unsent_at=oldest,
        last_sent_at=await session.scalar(select(func.max(OutboxEvent.sent_at))),
        retention_hours=settings.OUTBOX_RETENTION_HOURS,
    )


async def replay(
    session: AsyncSession,
    request: ReplayRequest,
    *,
    actor: Actor,
    settings: Settings,
    zone: ZoneInfo,
) -> ReplayResult:
    """Queue sent events to be delivered again. Consumers de-duplicate by `event_id`, so a
    replay changes nothing they already applied. Recorded in the audit trail."""
    since = utcnow() - timedelta(hours=settings.OUTBOX_RETENTION_HOURS) + REPLAY_MARGIN
    replayable = [OutboxEvent.sent_at.is_not(None), OutboxEvent.timestamp >= since]
    if request.event_id is not None:
        chosen = [OutboxEvent.event_id == request.event_id]
        if await session.scalar(select(OutboxEvent.id).where(*chosen)) is None:
            raise EventNotFound
    else:
        chosen = between(OutboxEvent.timestamp, request.created_from, request.created_to, zone)
        if request.event_type is not None:
            chosen.append(OutboxEvent.event_type == request.event_type.value)
        found = await count(session, select(OutboxEvent.id).where(*chosen, *replayable))
        if found > MAX_REPLAY:
            raise ReplayTooLarge(
                f"The range holds {found:,} events; replay at most {MAX_REPLAY:,} at once"
            )
    result = await session.execute(
        update(OutboxEvent)
        .where(*chosen, *replayable)
        .values(sent_at=None)
        .execution_options(synchronize_session=False)
    )
    replayed: int = result.rowcount  # type: ignore[attr-defined]
    await audit.record(
        session,
        actor,
        AuditAction.EVENTS_REPLAYED,
        AuditObject.EVENTS,
        request.event_id,
        after={**request.model_dump(exclude_none=True), "replayed": replayed},
    )
    await session.commit()
    return ReplayResult(replayed=replayed, replayable_from=since)
