from __future__ import annotations

import asyncio
import logging

from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from webshop import __version__
from webshop.core.clock import utcnow
from webshop.core.config import Settings
from webshop.events.models import OutboxEvent
from webshop.health.schemas import Health

logger = logging.getLogger(__name__)
KAFKA_TIMEOUT_SECONDS = 1.0


async def check(session: AsyncSession, settings: Settings) -> Health:
    """The database decides readiness; Kafka is reported but optional (events wait in the
    outbox while it is away)."""
    kafka = await kafka_status(settings)
    try:
        await session.execute(text("SELECT 1"))
        backlog, oldest = (
            await session.execute(
                select(func.count(OutboxEvent.id), func.min(OutboxEvent.timestamp)).where(
                    OutboxEvent.sent_at.is_(None)
                )
            )
        ).one()
    except (SQLAlchemyError, OSError):
        logger.warning("Health check: database unreachable", exc_info=True)
        return Health(
            status="unavailable",
            version=__version__,
            database="unreachable",
            kafka=kafka,
            detail="Database unreachable",
        )
    return Health(
        status="ok",
        version=__version__,
        database="ok",
        kafka=kafka,
        outbox_backlog=backlog,
        oldest_unsent_seconds=None
        if oldest is None
        else round((utcnow() - oldest).total_seconds(), 3),
    )


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
