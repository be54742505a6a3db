from __future__ import annotations

import asyncio
import logging
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop import __version__
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.db.session import failure_reason
from webshop.events.models import OutboxEvent
from webshop.health.schemas import Health

logger = logging.getLogger(__name__)
KAFKA_TIMEOUT_SECONDS = 1.0
# Probes expect an answer within 2 s, even from a database server that hangs. SQLite is a file
# in the process: it cannot hang, but a reader may wait for a busy writer (the relay catching
# up), which is no outage; it gets as long as any request does.
DATABASE_TIMEOUT_SECONDS = 1.5


async def check(session: AsyncSession, settings: Settings, *, deep: bool = False) -> Health:
    """The database decides readiness; Kafka is reported but optional (events wait in the
    outbox while it is away). Both are asked at once, each within its own time limit.

    `deep` also holds event delivery to account: an unreachable broker (with Kafka on) or an
    event waiting longer than HEALTH_MAX_OUTBOX_LAG_SECONDS makes the shop `degraded`.
    """
    limit = None if settings.is_sqlite else DATABASE_TIMEOUT_SECONDS
    kafka, outbox = await asyncio.gather(
        kafka_status(settings), outbox_state(session, limit_seconds=limit)
    )
    if outbox is None:
        return Health(
            status="unavailable",
            version=__version__,
            database="unreachable",
            kafka=kafka,
            detail="Database unreachable",
        )
    backlog, oldest = outbox
    lag = None if oldest is None else round((utcnow() - oldest).total_seconds(), 3)
    problems = []
    if deep and kafka == "unreachable":
        problems.append("Kafka unreachable")
    if deep and lag is not None and lag > settings.HEALTH_MAX_OUTBOX_LAG_SECONDS:
        problems.append(f"The oldest undelivered event has waited {lag:.0f} s")
    return Health(
        status="degraded" if problems else "ok",
        version=__version__,
        database="ok",
        kafka=kafka,
        outbox_backlog=backlog,
        oldest_unsent_seconds=lag,
        detail="; ".join(problems) or None,
    )


async def outbox_state(
    session: AsyncSession, *, limit_seconds: float | None
) -> tuple[int, datetime | None] | None:
    """How many events wait and since when; None when the database does not answer in time."""
    try:
        async with asyncio.timeout(limit_seconds):
            return await outbox_backlog(session)
    except (SQLAlchemyError, OSError) as exc:  # OSError includes the TimeoutError
        logger.warning("Health check: database unreachable (%s)", failure_reason(exc))
        return None


async def outbox_backlog(session: AsyncSession) -> tuple[int, datetime | None]:
    """How many events wait for delivery, and when the oldest of them was written."""
    backlog, oldest = (
        await session.execute(
            select(func.count(OutboxEvent.id), func.min(OutboxEvent.timestamp)).where(
                OutboxEvent.sent_at.is_(None)
            )
        )
    ).one()
    return int(backlog), oldest


async def kafka_status(settings: Settings) -> str:
    """Whether any configured bootstrap server accepts a connection right now."""
    if not settings.KAFKA_ENABLED:
        return "disabled"
    for server in settings.KAFKA_BOOTSTRAP_SERVERS.split(","):
        host, _, port = server.strip().rpartition(":")
        try:
            _, writer = await asyncio.wait_for(
                asyncio.open_connection(host or "localhost", int(port)), KAFKA_TIMEOUT_SECONDS
            )
        except (OSError, TimeoutError, ValueError):
            continue
        writer.close()
        return "ok"
    return "unreachable"
